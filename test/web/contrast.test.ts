import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { REFERENCE_STYLE, SERIES_STYLES } from '../../src/web/presenters/chart-configs.js';
import {
  contrastRatio,
  GRAPHIC_CONTRAST,
  relativeLuminance,
  TEXT_CONTRAST,
  textColourOn,
} from '../../src/web/presenters/contrast.js';

// Whitespace collapsed, so the rules read the same however the stylesheet is formatted.
const css = readFileSync(join(PROJECT_ROOT, 'public', 'css', 'app.css'), 'utf8').replace(/\s+/g, ' ');
/** The custom properties of the stylesheet's :root. */
const vars = new Map([...css.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;/g)].map((m) => [m[1]!, m[2]!]));
const resolve = (value: string) => {
  const m = /^var\(--([\w-]+)\)$/.exec(value.trim());
  return m ? vars.get(m[1]!)! : value.trim() === '#fff' ? '#ffffff' : value.trim();
};

describe('contrast ratio (WCAG 2.1 relative luminance)', () => {
  it('matches hand-computed values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    // #767676: s = 118/255 = 0.46275; ((0.46275 + 0.055) / 1.055)^2.4 = 0.18116; (1.05) / (0.23116) = 4.542
    expect(relativeLuminance('#767676')).toBeCloseTo(0.18116, 4);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.542, 3);
    // #0072B2: R 0 → 0; G 114/255 = 0.44706 → ((0.44706 + 0.055) / 1.055)^2.4 = 0.16825;
    // B 178/255 = 0.69804 → 0.44522; L = 0.7152 × 0.16825 + 0.0722 × 0.44522 = 0.15248; 1.05 / 0.20248 = 5.186
    expect(contrastRatio('#0072B2', '#fff')).toBeCloseTo(5.186, 2);
  });

  it('picks the candidate text colour that contrasts more', () => {
    expect(textColourOn('#1764ab', ['#1b1f24', '#ffffff'])).toBe('#ffffff');
    expect(textColourOn('#4a98c9', ['#1b1f24', '#ffffff'])).toBe('#1b1f24');
  });
});

describe('the level colour scale of app.css', () => {
  const rules = [...css.matchAll(/\.level-(\d) \{ background: (var\(--l\d\)); color: ([^;]+); \}/g)].map((m) => ({
    level: Number(m[1]),
    background: resolve(m[2]!),
    text: resolve(m[3]!),
  }));

  it('has one rule per level 1–5, each with its background and text colour', () => {
    expect(rules.map((r) => r.level)).toEqual([1, 2, 3, 4, 5]);
  });

  it.each([1, 2, 3, 4, 5])('level %i: text at 4.5:1 or more, the better of ink and white', (level) => {
    const rule = rules.find((r) => r.level === level)!;
    const ink = vars.get('ink')!;
    expect(rule.text).toBe(textColourOn(rule.background, [ink, '#ffffff']));
    expect(contrastRatio(rule.text, rule.background)).toBeGreaterThanOrEqual(TEXT_CONTRAST);
  });

  it('still reads as a scale: each level darker than the one before', () => {
    const lum = rules.map((r) => relativeLuminance(r.background));
    for (let i = 1; i < lum.length; i++) expect(lum[i]).toBeLessThan(lum[i - 1]!);
  });

  it('suppressed cells: muted text on both stripes of their background reaches 4.5:1 (axe cannot measure text over a gradient)', () => {
    const m =
      /\.suppressed \{ color: var\(--muted\);[^}]*repeating-linear-gradient\(45deg, (#\w+), #\w+ 4px, (#\w+) 4px/.exec(
        css,
      );
    expect(m).not.toBeNull();
    for (const stripe of [m![1]!, m![2]!])
      expect(contrastRatio(vars.get('muted')!, resolve(stripe)), stripe).toBeGreaterThanOrEqual(TEXT_CONTRAST);
  });

  it('muted and link text reach 4.5:1 on white', () => {
    expect(contrastRatio(vars.get('muted')!, '#ffffff')).toBeGreaterThanOrEqual(TEXT_CONTRAST);
    expect(contrastRatio(vars.get('accent')!, '#ffffff')).toBeGreaterThanOrEqual(TEXT_CONTRAST);
  });
});

describe('chart series styles', () => {
  it('the first four series colours, and every line and outline colour, reach 3:1 on the white chart background', () => {
    for (const s of SERIES_STYLES.slice(0, 4))
      expect(contrastRatio(s.color, '#ffffff'), s.color).toBeGreaterThanOrEqual(GRAPHIC_CONTRAST);
    for (const s of [...SERIES_STYLES, REFERENCE_STYLE])
      expect(contrastRatio(s.border, '#ffffff'), s.border).toBeGreaterThanOrEqual(GRAPHIC_CONTRAST);
    // Orange, sky blue and yellow fall short themselves (2.25, 2.31 and 1.32 : 1), hence their darker outlines.
    expect(contrastRatio('#E69F00', '#ffffff')).toBeLessThan(GRAPHIC_CONTRAST);
  });

  it('every series differs from every other by point style, dash pattern and bar pattern, not by colour alone', () => {
    const keys = (f: (s: (typeof SERIES_STYLES)[number]) => unknown) =>
      new Set(SERIES_STYLES.map((s) => JSON.stringify(f(s)))).size;
    expect(keys((s) => s.color)).toBe(SERIES_STYLES.length);
    expect(keys((s) => s.pointStyle)).toBe(SERIES_STYLES.length);
    expect(keys((s) => s.dash)).toBe(SERIES_STYLES.length);
    expect(keys((s) => s.pattern)).toBe(SERIES_STYLES.length);
    expect(SERIES_STYLES.map((s) => s.pointStyle)).not.toContain(REFERENCE_STYLE.pointStyle);
    expect(SERIES_STYLES.map((s) => JSON.stringify(s.dash))).not.toContain(JSON.stringify(REFERENCE_STYLE.dash));
  });
});
