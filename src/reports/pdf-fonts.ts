import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface PdfFonts {
  readonly regular: string;
  readonly bold: string;
  /** Always the built-in Courier: only hashes (ASCII) are set in it, and embedding a third font costs time. */
  readonly mono: string;
  /** False for pdfkit's built-in fonts, which only cover Windows-1252 text. */
  readonly unicode: boolean;
}

const tryResolve = (id: string): string | null => {
  try {
    return dirname(createRequire(import.meta.url).resolve(id));
  } catch {
    return null;
  }
};

/**
 * Fonts for PDFs: a Unicode TrueType font when one is on the machine (so "≥",
 * "Łódź" and the like print), else pdfkit's built-in Helvetica. Looked up once.
 */
export function pdfFonts(): PdfFonts {
  if (cached) return cached;
  const dejavu = '/usr/share/fonts/truetype/dejavu';
  const liberation = '/usr/share/fonts/truetype/liberation';
  const pdfjs = tryResolve('pdfjs-dist/package.json');
  const candidates: [string, string][] = [
    [join(dejavu, 'DejaVuSans.ttf'), join(dejavu, 'DejaVuSans-Bold.ttf')],
    [join(liberation, 'LiberationSans-Regular.ttf'), join(liberation, 'LiberationSans-Bold.ttf')],
    ...(pdfjs
      ? [
          [
            join(pdfjs, 'standard_fonts/LiberationSans-Regular.ttf'),
            join(pdfjs, 'standard_fonts/LiberationSans-Bold.ttf'),
          ] as [string, string],
        ]
      : []),
  ];
  const found = candidates.find(([r, b]) => existsSync(r) && existsSync(b));
  cached = found
    ? { regular: found[0], bold: found[1], mono: 'Courier', unicode: true }
    : { regular: 'Helvetica', bold: 'Helvetica-Bold', mono: 'Courier', unicode: false };
  return cached;
}
let cached: PdfFonts | undefined;

/** For the built-in fonts: replaces what Windows-1252 lacks with look-alikes. */
export function winAnsiSafe(text: string): string {
  return text
    .replace(/≥/g, '>=')
    .replace(/≤/g, '<=')
    .replace(/−/g, '-')
    .replace(/[^\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\n]/g, '?');
}
