import { describe, expect, it } from 'vitest';
import { cleanForLog, parseUserName, userNameKey } from '../../src/domain/user-name.js';

describe('userNameKey: NFKC + case fold, the one identity of a user name', () => {
  it.each([
    ['josé', 'jos\u00e9'],
    ['jose\u0301', 'jos\u00e9'], // NFD → NFC
    ['JOSE\u0301', 'jos\u00e9'],
    ['ａｄｍｉｎ', 'admin'], // fullwidth → ASCII
    ['ＡＤＭＩＮ', 'admin'],
    ['  Ana ', 'ana'],
    ['Straße', 'strasse'], // full case fold: ß ~ SS
    ['STRASSE', 'strasse'],
    ['ﬁona', 'fiona'], // ligature
  ])('%j → %j', (input, key) => expect(userNameKey(input)).toBe(key));
});

describe('parseUserName', () => {
  it('stores the key and refuses names with spaces, control or invisible characters', () => {
    expect(parseUserName('Ana.Peeters')).toBe('ana.peeters');
    for (const bad of ['a', 'an a', 'ana\u200b', 'an\na', 'a'.repeat(65), 'ana<script>'])
      expect(() => parseUserName(bad)).toThrow('is not valid');
  });
});

describe('cleanForLog', () => {
  it('removes control, format and line-separator characters and cuts to the limit (in characters)', () => {
    expect(cleanForLog('ana\r\nadmin\u0000\u202e\u2028', 64)).toBe('anaadmin');
    expect(cleanForLog('é'.repeat(100), 64)).toBe('é'.repeat(64));
  });
});
