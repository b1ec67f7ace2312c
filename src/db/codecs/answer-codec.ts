/**
 * Storage of a respondent's answers: one text per respondent, the values in
 * the instrument's question order.
 *
 * - Digit form, when every answer is a whole number 0–9 or no answer and
 *   there are at least two questions (every Likert survey): one character
 *   per question, "." for no answer (NULL, never 0). "45.3" is [4, 5, null, 3].
 *   40 questions take 40 bytes.
 * - Comma form otherwise: the values joined by ",", an empty field for no
 *   answer. "4,5,,3.5" is [4, 5, null, 3.5]. Numbers are written with
 *   JavaScript's shortest round-trip form, so decimals come back exactly.
 *
 * The two never collide: with two or more questions the comma form always
 * holds a comma, the digit form never; one question is always comma form.
 * Rows written before the digit form (comma form only) read back unchanged.
 *
 * Why not one row per answer: a database several times larger and much
 * slower inserts than one row per respondent (docs/performance.md).
 */
export function encodeAnswers(values: ArrayLike<number | null>): string {
  // One character per answer, written into a reused buffer: one string allocated per respondent, not one per answer.
  if (digits.length < values.length) digits = Buffer.alloc(values.length * 2);
  const n = writeDigitForm(values, digits, 0);
  return n < 0 ? commaForm(values) : digits.toString('latin1', 0, n);
}

/**
 * The digit form of `values` (`encodeAnswers`), its bytes written into `out` from `at`: returns
 * their number, or -1 when the values take the comma form (then `out` holds nothing of use). For
 * a writer that puts the answers straight into its own buffer, without a string between.
 * @example writeDigitForm([4, 5, null, 3], out, 0) // => 4, out holds "45.3"
 */
export function writeDigitForm(values: ArrayLike<number | null>, out: Uint8Array, at: number): number {
  const n = values.length;
  if (n < 2) return -1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) out[at + i] = NONE;
    else if (v >= 0 && v <= 9 && Number.isInteger(v) && !Object.is(v, -0)) out[at + i] = ZERO + v;
    else return -1;
  }
  return n;
}

const ZERO = 0x30;
const NONE = 0x2e; // "."
let digits = Buffer.alloc(256);

function commaForm(values: ArrayLike<number | null>): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v !== null && v !== undefined) out += String(v);
  }
  return out;
}

/**
 * @example decodeAnswers('45.3') // => [4, 5, null, 3]
 * @example decodeAnswers('4,5,,3.5') // => [4, 5, null, 3.5]
 */
export function decodeAnswers(text: string): (number | null)[] {
  if (text.length >= 2 && !text.includes(',')) {
    const out: (number | null)[] = new Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i) - 48;
      out[i] = c >= 0 && c <= 9 ? c : null;
    }
    return out;
  }
  return text.split(',').map((field) => (field === '' ? null : Number(field)));
}
