import type { MaturityLevel } from './instrument.js';

/**
 * The maturity level of a score (DESIGN §5): the highest band whose `from` the
 * score reaches, so a score on a boundary takes the higher level. Scores below
 * the first band (goalposts may go below 0) take the first level.
 * @example maturityLevel(40, defaultLevels) // => 3 (bands 0, 20, 40, 60, 80)
 */
export function maturityLevel(score: number, levels: readonly MaturityLevel[]): number {
  let level = levels[0]!.level;
  for (const band of levels) if (score >= band.from) level = band.level;
  return level;
}
