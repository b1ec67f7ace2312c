import { DomainError } from './domain-error.js';
import type { Instrument, InstrumentNode } from './instrument.js';
import { localize } from './instrument.js';

/**
 * A top-level dimension from what a person types: its key (any case), else
 * the one dimension whose key or label starts with it ("SOV" → sovereignty).
 * Throws `dimension-not-found` listing the keys when none or several match.
 * @example findDimension(instrument, 'SOV').key // => 'sovereignty'
 */
export function findDimension(instrument: Instrument, text: string): InstrumentNode {
  const wanted = text.trim().toLowerCase();
  const exact = instrument.dimensions.find((d) => d.key.toLowerCase() === wanted);
  if (exact) return exact;
  const starts =
    wanted === ''
      ? []
      : instrument.dimensions.filter(
          (d) =>
            d.key.toLowerCase().startsWith(wanted) ||
            Object.values(d.label).some((l) => l.toLowerCase().startsWith(wanted)),
        );
  if (starts.length === 1) return starts[0]!;
  const keys = instrument.dimensions.map((d) => `${d.key} (${localize(d.label, 'en')})`).join(', ');
  throw new DomainError(
    'dimension-not-found',
    starts.length === 0
      ? `No dimension "${text}" in instrument "${instrument.id}": use one of ${keys}.`
      : `Dimension "${text}" could be ${starts.map((d) => d.key).join(' or ')}: write more of it.`,
  );
}

/**
 * A target value as typed: a number from 0 to 100 (a decimal comma is read as a point).
 * @example parseTargetValue('72,5') // => 72.5
 */
export function parseTargetValue(text: string | number): number {
  const value = typeof text === 'number' ? text : Number(text.trim().replace(',', '.'));
  if (!Number.isFinite(value) || value < 0 || value > 100 || (typeof text === 'string' && text.trim() === '')) {
    throw new DomainError('target-invalid', `Target "${text}" is not a score from 0 to 100.`);
  }
  return value;
}

/** One dimension's progress against the city's own target in one wave. */
export interface TargetProgress {
  readonly wave: number;
  readonly dimension: string;
  readonly target: number;
  /** The city's score that wave; null when not surveyed or suppressed. */
  readonly score: number | null;
  /** target − score (positive = still to go); null without a score. */
  readonly toGo: number | null;
  readonly reached: boolean | null;
}

/**
 * The progress against every target set, across waves: per target, the score
 * of that wave and what is still to go.
 * @example targetProgress([{ wave: 2026, dimension: 'a', value: 70 }], new Map([[2026, new Map([['a', 61]])]])) // => [{ …, toGo: 9, reached: false }]
 */
export function targetProgress(
  targets: readonly { readonly wave: number; readonly dimension: string; readonly value: number }[],
  scores: ReadonlyMap<number, ReadonlyMap<string, number | null>>,
): TargetProgress[] {
  return targets.map((t) => {
    const score = scores.get(t.wave)?.get(t.dimension) ?? null;
    return {
      wave: t.wave,
      dimension: t.dimension,
      target: t.value,
      score,
      toGo: score === null ? null : t.value - score,
      reached: score === null ? null : score >= t.value,
    };
  });
}
