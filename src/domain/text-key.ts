/**
 * Text identity rules of the import policy: trim, collapse inner whitespace,
 * NFC; keys compare case-folded. Accents are kept in keys ("Liège" and
 * "Liege" are two keys); `accentlessKey` finds such pairs so they can be flagged.
 */

/** @example normalizeText('  Gent \t  Centrum ') // => 'Gent Centrum' */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** @example foldKey(' GENT ') // => 'gent' */
export function foldKey(text: string): string {
  return normalizeText(text).toLowerCase();
}

/** @example accentlessKey('Liège') // => 'liege' */
export function accentlessKey(text: string): string {
  return foldKey(text).normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
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
