/**
 * Text identity rules of the import policy: trim, collapse inner whitespace,
 * NFC; keys compare case-folded. Accents are kept in keys ("Liège" and
 * "Liege" are two keys); `accentlessKey` finds such pairs so they can be flagged.
 */

/** @example normalizeText('  Gent \t  Centrum ') // => 'Gent Centrum' */
export function normalizeText(text: string): string {
  return isPlainText(text) ? text : text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Printable ASCII with single inner spaces (most cells): already normal, checked without allocating. */
export function isPlainText(text: string): boolean {
  const last = text.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (i === 0 || i === last || text.charCodeAt(i + 1) === 32) return false;
    } else if (c < 33 || c > 126) return false;
  }
  return true;
}

/** @example foldKey(' GENT ') // => 'gent' */
export function foldKey(text: string): string {
  return normalizeText(text).toLowerCase();
}

/** @example accentlessKey('Liège') // => 'liege' */
export function accentlessKey(text: string): string {
  return foldKey(text)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
}

/** URL slug: accentless, lower case, words joined by "-". @example slugify('Den Haag') // => 'den-haag' */
export function slugify(text: string): string {
  const slug = accentlessKey(text)
    .replace(/ß/g, 'ss')
    .replace(/ł/g, 'l')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'city' : slug;
}
