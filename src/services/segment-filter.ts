import { decodeSegments } from '../db/segment-codec.js';
import { DomainError } from '../domain/domain-error.js';
import type { Instrument } from '../domain/instrument.js';

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

/** Whether a respondent's stored segments (see segment-codec.ts; `keys`: the instrument's segments) match the filter; case-insensitive on the value. */
export function matchesSegment(keys: readonly string[], stored: string | null, filter: SegmentFilter | null | undefined): boolean {
  if (!filter) return true;
  const segments = decodeSegments(keys, stored);
  const v = segments?.[filter.key];
  return v !== undefined && v.toLowerCase() === filter.value.toLowerCase();
}

/** The value of each segment column found in a wave: `{ role: ['it', 'legal', …] }`, sorted. */
export function segmentValues(instrument: Instrument, stored: readonly (string | null)[]): Record<string, string[]> {
  const keys = instrument.segments.map((s) => s.key);
  const out: Record<string, Set<string>> = Object.fromEntries(keys.map((k) => [k, new Set<string>()]));
  for (const text of stored) {
    const segments = decodeSegments(keys, text);
    if (!segments) continue;
    for (const [k, v] of Object.entries(segments)) out[k]?.add(v);
  }
  return Object.fromEntries(Object.entries(out).map(([k, set]) => [k, [...set].sort()]));
}
