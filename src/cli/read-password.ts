import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { DomainError } from '../domain/domain-error.js';

/** Reads a password without echoing it (TTY only). */
function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/** The password of a new user: $MATURITY_PASSWORD, else asked twice on the terminal. */
export async function readNewPassword(): Promise<string> {
  const fromEnv = process.env.MATURITY_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new DomainError(
      'password-missing',
      'Give the password in MATURITY_PASSWORD, or run this in a terminal to be asked for it.',
    );
  }
  const first = await promptHidden('Password (at least 12 characters): ');
  const second = await promptHidden('Password again: ');
  if (first !== second) throw new DomainError('password-mismatch', 'The two passwords differ: nothing was changed.');
  return first;
}
