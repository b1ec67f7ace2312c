import { DomainError } from './domain-error.js';

/** The first survey year the instrument knows; earlier "waves" are typing errors. */
export const FIRST_WAVE_YEAR = 1990;

/** A survey wave: a calendar year from 1990 to the current year. */
export type WaveYear = number;

/**
 * Why `text` is not a wave year, or null when it is one. For callers that
 * collect problems instead of throwing (the importer reads one per row).
 * @example waveProblem('2099', 2026) // => 'a year from 1990 to 2026'
 */
export function waveProblem(text: string, currentYear: number): string | null {
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  return year >= FIRST_WAVE_YEAR && year <= currentYear ? null : `a year from ${FIRST_WAVE_YEAR} to ${currentYear}`;
}

/**
 * Reads a wave as written on the command line, in a form or in a URL. The one
 * rule for every edge; throws `wave-invalid` naming the value and the range.
 * @example parseWave('2026', 2026) // => 2026
 * @example parseWave('2099', 2026) // throws 'Wave "2099" is not a survey year: write a year from 1990 to 2026.'
 */
export function parseWave(text: string, currentYear: number = new Date().getUTCFullYear()): WaveYear {
  const value = text.trim();
  const problem = waveProblem(value, currentYear);
  if (problem !== null)
    throw new DomainError('wave-invalid', `Wave "${value}" is not a survey year: write ${problem}.`);
  return Number(value);
}
