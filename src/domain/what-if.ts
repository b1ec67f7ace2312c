import type { CityMoments } from './city-scores.js';
import { DomainError } from './domain-error.js';
import type { Instrument } from './instrument.js';
import { mean, type Moments } from './moments.js';
import type { RespondentScorer } from './respondent-scores.js';
import { findDimension, parseTargetValue } from './target-dimension.js';

/** Dimension key → the score to raise it to. */
export type Raise = ReadonlyMap<string, number>;

/**
 * Reads `SOV:70,impact:55` (keys or the start of a key or label; decimal
 * comma or point) into dimension keys and scores. Throws `raise-invalid`.
 * @example parseRaise(instrument, 'SOV:70').get('sovereignty') // => 70
 */
export function parseRaise(instrument: Instrument, text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of text
    .split(/[,;](?=\s*\p{L})/u)
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const at = part.lastIndexOf(':');
    if (at <= 0)
      throw new DomainError(
        'raise-invalid',
        `"${part}" is not dimension:score, e.g. ${instrument.dimensions[0]!.key}:70.`,
      );
    out.set(findDimension(instrument, part.slice(0, at)).key, parseTargetValue(part.slice(at + 1)));
  }
  return out;
}

/**
 * The moments a city would have if its respondents' scores on each raised
 * dimension were shifted up so that its mean reaches the given score: every
 * respondent moves by the same δ, so the spread stays and n is unchanged.
 * For Σw(x+δ) = Σwx + δΣw and Σw(x+δ)² = Σwx² + 2δΣwx + δ²Σw. A score below
 * the current one changes nothing (this is "raise"). Scoring these moments
 * with the same code as real ones gives the what-if index, levels and ranks.
 * @example a dimension at mean 40 raised to 70 → every respondent +30, mean 70, same sd
 */
export function raiseMoments(
  instrument: Instrument,
  scorer: RespondentScorer,
  city: CityMoments,
  raise: Raise,
): CityMoments {
  const nodes = city.nodes.map((m) => ({ ...m }));
  for (const [key, to] of raise) {
    const dimension = instrument.dimensions.find((d) => d.key === key);
    if (!dimension)
      throw new DomainError('dimension-not-found', `No dimension "${key}" in instrument "${instrument.id}".`);
    const slot = scorer.slotOf.get(key)!;
    const m = nodes[slot]!;
    if (m.n === 0 || m.sumW === 0) continue;
    const delta = to - mean(m);
    if (delta <= 0) continue;
    nodes[slot] = shifted(m, delta);
  }
  return { ...city, nodes };
}

function shifted(m: Moments, delta: number): Moments {
  return {
    n: m.n,
    sumW: m.sumW,
    sumW2: m.sumW2,
    sumWX: m.sumWX + delta * m.sumW,
    sumWXX: m.sumWXX + 2 * delta * m.sumWX + delta * delta * m.sumW,
  };
}
