import type { Instrument, Question } from './instrument.js';

export type AnswerValue =
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly reason: string };

const MISSING = { kind: 'missing' } as const;
const BINARY: Readonly<Record<string, number>> = {
  yes: 1,
  no: 0,
  ja: 1,
  nee: 0,
  true: 1,
  false: 0,
  '1': 1,
  '0': 0,
  oui: 1,
  non: 0,
};

/**
 * Reads one answer cell (already trimmed) for a question: a code, an answer
 * label of the instrument (any language, case-insensitive), a missing code or
 * blank (missing, never 0), or something invalid with the reason why.
 * Decimal commas are read for goalposts scales ("3,5" = 3.5).
 * @example parseAnswer('Akkoord', q, instrument) // => { kind: 'value', value: 4 }
 */
export function parseAnswer(cell: string, question: Question, instrument: Instrument): AnswerValue {
  const text = cell.trim();
  if (text === '') return MISSING;
  const folded = text.toLowerCase();
  if (instrument.missingCodes.has(folded)) return MISSING;
  const { scale } = question;

  if (scale.type === 'binary') {
    const value = BINARY[folded] ?? instrument.answerLabels.get(folded);
    return value === 0 || value === 1
      ? { kind: 'value', value }
      : { kind: 'invalid', reason: 'is not yes/no (yes, no, ja, nee, true, false, 1, 0)' };
  }

  if (scale.type === 'goalposts') {
    const normal = /^[+-]?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
    const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(normal) ? Number(normal) : NaN;
    return Number.isFinite(value) ? { kind: 'value', value } : { kind: 'invalid', reason: 'is not a number' };
  }

  const value = /^[+-]?\d+$/.test(text) ? Number(text) : instrument.answerLabels.get(folded);
  if (value === undefined) {
    return { kind: 'invalid', reason: `is not a code between ${scale.min} and ${scale.max} or a known answer label` };
  }
  if (!Number.isInteger(value) || value < scale.min || value > scale.max) {
    return { kind: 'invalid', reason: `is not between ${scale.min} and ${scale.max}` };
  }
  return { kind: 'value', value };
}
