/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence on
 * every machine, so generated demo and benchmark data are reproducible.
 * @example const rnd = seededRandom(42); rnd() // => 0.6011…
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller) from a uniform source. */
export function normal(rnd: () => number): number {
  const u = Math.max(rnd(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

/**
 * A Gamma(shape, 1) draw by Marsaglia & Tsang (2000), "A simple method for
 * generating gamma variables", ACM TOMS 26(3); shapes below 1 by the boost
 * `Gamma(shape + 1) · U^(1/shape)` of the same paper.
 */
export function gamma(rnd: () => number, shape: number): number {
  if (shape < 1) return gamma(rnd, shape + 1) * Math.pow(Math.max(rnd(), 1e-300), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rnd);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rnd();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(Math.max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Dirichlet(alpha) draw: independent Gamma(αᵢ) draws divided by their sum; sums to 1. */
export function dirichlet(rnd: () => number, alpha: readonly number[]): number[] {
  const g = alpha.map((a) => gamma(rnd, a));
  const total = g.reduce((s, x) => s + x, 0);
  return g.map((x) => x / total);
}
