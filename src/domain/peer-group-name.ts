import type { PeerSpec } from './peer-groups.js';

export type PlainLang = 'en' | 'nl';

const NUMBER_WORDS: Readonly<Record<PlainLang, readonly string[]>> = {
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'],
  nl: ['nul', 'één', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf'],
};

/** A count in words up to twelve, as people write it in running text ("the five largest"); digits above. */
export function countInWords(n: number, lang: PlainLang): string {
  return NUMBER_WORDS[lang][n] ?? String(n);
}

/** "a, b and c" / "a, b en c". */
export function listInWords(items: readonly string[], lang: PlainLang): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'nl' ? 'en' : 'and'} ${items.at(-1)}`;
}

const regionNames = new Map<PlainLang, Intl.DisplayNames>();

/** The country's name in `lang` from its ISO code (Node's ICU data), else the code itself. */
export function countryName(code: string, lang: PlainLang): string {
  let names = regionNames.get(lang);
  if (!names) regionNames.set(lang, (names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' })));
  try {
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/**
 * A peer group in plain words, for sentences that a reader without the
 * CLI's syntax understands. `peers` are the resolved peer city names (used
 * for short lists).
 * @example peerGroupName({ kind: 'largest', count: 5 }, 'en') // => 'the five largest cities'
 * @example peerGroupName({ kind: 'country', country: 'BE' }, 'nl') // => 'de andere steden in België'
 */
export function peerGroupName(spec: PeerSpec, lang: PlainLang, peers: readonly string[] = []): string {
  const nl = lang === 'nl';
  switch (spec.kind) {
    case 'largest':
      if (spec.count === 1) return nl ? 'de grootste stad' : 'the largest city';
      return nl
        ? `de ${countInWords(spec.count, lang)} grootste steden`
        : `the ${countInWords(spec.count, lang)} largest cities`;
    case 'country':
      return nl
        ? `de andere steden in ${countryName(spec.country, lang)}`
        : `the other cities in ${countryName(spec.country, lang)}`;
    case 'all':
      return nl ? 'alle andere steden' : 'all other cities';
    case 'named':
      return nl ? `de groep “${spec.name}”` : `the group “${spec.name}”`;
    case 'list': {
      const names = peers.length > 0 ? peers : spec.names;
      if (names.length <= 4) return listInWords(names, lang);
      return nl
        ? `${countInWords(names.length, lang)} gekozen steden`
        : `${countInWords(names.length, lang)} chosen cities`;
    }
  }
}
