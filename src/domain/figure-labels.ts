/**
 * Names of the figures every output shows (score, gaps, rank, …) in English
 * and Dutch: one wording for pages and reports alike. Pure data.
 */
export const FIGURE_LABELS = {
  en: {
    city: 'City',
    country: 'Country',
    wave: 'Wave',
    instrument: 'Instrument',
    respondents: 'Respondents',
    index: 'Index',
    dimension: 'Dimension',
    score: 'Score',
    level: 'Level',
    interval: '95 % interval',
    target: 'Target',
    gapToTarget: 'Gap to target',
    peerMean: 'Peer mean',
    gapToPeers: 'Gap to peers',
    leader: 'Leader',
    gapToLeader: 'Gap to leader',
    rank: 'Rank',
    significant: 'Clear difference?',
    clearDifference: 'clear difference',
    noClearDifference: 'no clear difference',
    yes: 'yes',
    no: 'no',
    notTestable: 'not testable',
    suppressed: 'suppressed',
  },
  nl: {
    city: 'Stad',
    country: 'Land',
    wave: 'Editie',
    instrument: 'Vragenlijst',
    respondents: 'Respondenten',
    index: 'Index',
    dimension: 'Dimensie',
    score: 'Score',
    level: 'Niveau',
    interval: '95 %-interval',
    target: 'Doel',
    gapToTarget: 'Kloof tot doel',
    peerMean: 'Gemiddelde groep',
    gapToPeers: 'Kloof tot groep',
    leader: 'Koploper',
    gapToLeader: 'Kloof tot koploper',
    rank: 'Rang',
    significant: 'Duidelijk verschil?',
    clearDifference: 'duidelijk verschil',
    noClearDifference: 'geen duidelijk verschil',
    yes: 'ja',
    no: 'nee',
    notTestable: 'niet toetsbaar',
    suppressed: 'afgeschermd',
  },
} as const;

export type FigureLang = keyof typeof FIGURE_LABELS;

/** Fills `{name}` placeholders. @example fillIn('Gap report: {city}', { city: 'Gent' }) // => 'Gap report: Gent' */
export function fillIn(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * A number for reading: `digits` decimals in the language's style, "—" for
 * none. One Intl.NumberFormat per language, precision and grouping:
 * `toLocaleString` builds a new formatter on every call, which made a
 * 200-city heat table spend most of its render time formatting numbers.
 * @example formatDecimal('nl', 1234.5, 1) // => '1.234,5'
 */
export function formatDecimal(lang: FigureLang, value: number | null | undefined, digits = 1, grouping = true): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const key = `${lang}:${digits}:${grouping}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang === 'nl' ? 'nl-BE' : 'en-GB', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: grouping,
    });
    formats.set(key, format);
  }
  return format.format(value);
}
