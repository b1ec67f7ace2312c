import { describe, expect, it } from 'vitest';
import { copyText } from '../../src/db/bulk/pg-copy-writer.js';

describe('copyText (COPY text format)', () => {
  it.each([
    ['plain', 'plain'],
    ['a\\b', 'a\\\\b'],
    ['a\tb', 'a\\tb'],
    ['a\nb\rc', 'a\\nb\\rc'],
    ['\\N', '\\\\N'],
    ['\u001fit\u001fteam', '\u001fit\u001fteam'],
    ['{"c":"say \\"hi\\""}', '{"c":"say \\\\"hi\\\\""}'],
  ])('writes %j as %j', (value, expected) => {
    expect(copyText(value)).toBe(expected);
  });
});
