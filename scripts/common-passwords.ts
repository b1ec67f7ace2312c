/**
 * Writes fixtures/common-passwords.txt: passwords of 12 or more characters
 * that appear at the top of every published list of breached passwords
 * (keyboard walks, digit runs, a common word with a year or "123" after it,
 * a word twice), built from those lists' best-known stems. Passwords shorter
 * than 12 characters need no list: the length rule refuses them.
 * Run: npx tsx scripts/common-passwords.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/paths.js';

const words =
  `password passw0rd p@ssword p@ssw0rd qwerty qwertyuiop azerty iloveyou dragon monkey letmein football baseball
basketball soccer hockey welcome welcome1 admin administrator sunshine princess master shadow superman batman
spiderman trustno1 starwars whatever freedom michael jennifer jordan hunter ranger buster thomas robert charlie
daniel matthew andrew joshua jessica ashley michelle nicole amanda summer winter autumn spring flower cheese
computer internet google facebook microsoft apple samsung secret changeme default guest login access master
mustang ferrari porsche corvette harley yankees cowboys lakers liverpool chelsea arsenal barcelona chocolate
cookie pepper ginger tigger killer pokemon minecraft fortnite matrix hello helloworld loveyou lovely loveme
angel angels babygirl butterfly purple orange banana blink182 metallica nirvana slipknot eminem justin
qazwsx zaq1zaq1 asdfgh zxcvbnm 1q2w3e4r abc123 abcdef abcd1234 passport security letmein1 monday friday
december january october november september august brussels belgium gent ghent antwerpen amsterdam
rotterdam berlin paris wien london europe eurocities maturity radar survey city council municipality
smartcity digital analytics dashboard test tester testing testtest demo example sample user username
`
    .split(/\s+/)
    .filter(Boolean);

const suffixes = [
  '',
  '1',
  '12',
  '123',
  '1234',
  '12345',
  '123456',
  '!',
  '1!',
  '123!',
  '01',
  '007',
  '69',
  '99',
  '00',
  '2000',
  ...Array.from({ length: 27 }, (_, i) => String(2000 + i)),
  '@123',
  '#1',
  '!!',
  '123456789',
];

const out = new Set<string>();
const add = (p: string) => {
  const n = p.normalize('NFKC').toLowerCase();
  if ([...n].length >= 12 && [...n].length <= 64) out.add(n);
};

for (const w of words) {
  for (const s of suffixes) add(w + s);
  add(w + w);
  add(w + w + '1');
  add(w + '.' + w);
  add('my' + w + '123');
  add('i love ' + w);
  add('ilove' + w + '1');
}
// Digit runs, repeats, keyboard walks.
const digits = '12345678901234567890';
for (let n = 12; n <= 20; n++) add(digits.slice(0, n));
for (let n = 12; n <= 20; n++) add('0987654321098765432109'.slice(0, n));
for (const c of '0123456789abcdefghijklmnopqrstuvwxyz!') for (const n of [12, 14, 16, 20]) add(c.repeat(n));
for (const walk of [
  'qwertyuiopasdfghjklzxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  'qwertzuiopasdfghjklyxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn',
  '1q2w3e4r5t6y7u8i9o0p',
  'zaq12wsxcde34rfvbgt5',
  'qazwsxedcrfvtgbyhnujm',
  'abcdefghijklmnopqrstuvwxyz',
  '!@#$%^&*()_+',
  'q1w2e3r4t5y6u7i8o9p0',
]) {
  for (let n = 12; n <= walk.length; n++) add(walk.slice(0, n));
}
for (const pair of ['12', '123', '1234', '12345', 'abc', 'qwe', 'asd', 'ab', 'xo', 'haha', 'love', 'pass'])
  add(pair.repeat(Math.ceil(12 / pair.length)));

const list = [...out].sort();
writeFileSync(join(PROJECT_ROOT, 'fixtures', 'common-passwords.txt'), `${list.join('\n')}\n`);
console.log(`${list.length} passwords written`);
