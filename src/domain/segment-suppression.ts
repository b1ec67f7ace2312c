import type { CityScore, NodeScore } from './city-scores.js';

/**
 * Suppression by subtraction (DESIGN "Privacy"): a segment's figure is also
 * suppressed when the rest of the city (all respondents minus the segment)
 * is non-empty but smaller than `minRespondents`, since that rest could be
 * recovered from the city's total and the segment's figure.
 * @example a city of 10 with 8 IT respondents: the IT figure is suppressed (the other 2 would show).
 */
export function suppressComplements(segment: readonly CityScore[], full: readonly CityScore[], minRespondents: number): CityScore[] {
  const fullById = new Map(full.map((c) => [c.city, c]));
  const hide = (n: number, total: number) => total - n > 0 && total - n < minRespondents;
  const node = (s: NodeScore, f: NodeScore | undefined): NodeScore => {
    const children = s.children ? { children: s.children.map((c, i) => node(c, f?.children?.[i])) } : {};
    if (s.suppressed || !f || !hide(s.n, f.n)) return { ...s, ...children };
    return { ...s, score: null, sd: null, se: null, ciLow: null, ciHigh: null, level: null, suppressed: true, ...children };
  };
  return segment.map((c) => {
    const f = fullById.get(c.city);
    if (!f) return c;
    const index = hide(c.respondents, f.respondents) ? { score: null, level: null, suppressed: true } : c.index;
    return { ...c, index, dimensions: c.dimensions.map((d, i) => node(d, f.dimensions[i])) };
  });
}
