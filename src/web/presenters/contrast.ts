/**
 * WCAG 2.1 colour contrast (success criteria 1.4.3 and 1.4.11): relative
 * luminance of sRGB colours and the contrast ratio of two of them.
 * https://www.w3.org/TR/WCAG21/#dfn-relative-luminance
 */

/** Text needs 4.5:1 against its background (WCAG 2.1 AA, 1.4.3, normal-size text). */
export const TEXT_CONTRAST = 4.5;
/** Lines, points and bars that carry meaning need 3:1 against what is around them (1.4.11). */
export const GRAPHIC_CONTRAST = 3;

/** `#rrggbb` or `#rgb` as [r, g, b] in 0–255; throws on anything else. */
export function parseHex(colour: string): [number, number, number] {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim());
  if (!m) throw new Error(`"${colour}" is not a hex colour such as #1b1f24.`);
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  const n = parseInt(hex, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * Relative luminance, 0 (black) to 1 (white).
 * @example relativeLuminance('#ffffff') // => 1
 */
export function relativeLuminance(colour: string): number {
  const [r, g, b] = parseHex(colour).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The contrast ratio of two colours, 1 to 21 (order does not matter).
 * @example contrastRatio('#000000', '#ffffff') // => 21
 */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * Of the candidate text colours, the one with the highest contrast on `background`.
 * @example textColourOn('#1764ab', ['#1b1f24', '#ffffff']) // => '#ffffff'
 */
export function textColourOn(background: string, candidates: readonly string[]): string {
  let best = candidates[0]!;
  for (const c of candidates) if (contrastRatio(c, background) > contrastRatio(best, background)) best = c;
  return best;
}
