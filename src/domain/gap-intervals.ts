/** A 95 % interval of a gap, `[low, high]`; the gaps' intervals come from gap-tests.ts. */
export type Interval = readonly [number, number];
