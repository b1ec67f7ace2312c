import { DomainError } from './domain-error.js';
import type { Instrument } from './instrument.js';

/** Respondents whose segment column `key` holds `value` (e.g. role = it). */
export interface SegmentFilter {
  readonly key: string;
  readonly value: string;
}

/**
 * Reads a `segment=role:it` URL parameter against the instrument's segment
 * columns. Throws `segment-invalid` naming the columns there are.
 * @example parseSegment(instrument, 'role:it') // => { key: 'role', value: 'it' }
 */
export function parseSegment(instrument: Instrument, text: string | undefined): SegmentFilter | null {
  if (text === undefined || text.trim() === '') return null;
  const at = text.indexOf(':');
  const key = at < 0 ? '' : text.slice(0, at).trim();
  const value = at < 0 ? '' : text.slice(at + 1).trim();
  const known = instrument.segments.map((s) => s.key);
  if (!known.includes(key) || value === '') {
    throw new DomainError(
      'segment-invalid',
      `Segment "${text}" is not understood: write column:value with a column of the instrument (${known.join(', ') || 'none'}), e.g. ${known[0] ?? 'role'}:it.`,
    );
  }
  return { key, value };
}

/** A segment column value as stored (aggregates' `segment_key`, `segment_value`). */
export interface SegmentValue {
  readonly key: string;
  readonly value: string;
}

/**
 * The values of each segment column of the instrument found in a wave, sorted:
 * `{ role: ['it', 'legal', …], layer: […] }`. Columns the instrument does not define are left out.
 */
export function segmentOptions(instrument: Instrument, found: readonly SegmentValue[]): Record<string, string[]> {
  const out: Record<string, Set<string>> = Object.fromEntries(
    instrument.segments.map((s) => [s.key, new Set<string>()]),
  );
  for (const { key, value } of found) out[key]?.add(value);
  return Object.fromEntries(Object.entries(out).map(([k, set]) => [k, [...set].sort()]));
}
