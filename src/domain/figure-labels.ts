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
    significant: 'Significant',
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
    significant: 'Significant',
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
