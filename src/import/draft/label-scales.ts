/**
 * Answer scales people use, each ordered from the lowest answer to the
 * highest, in English, Dutch, French and German: agreement, frequency,
 * satisfaction and importance. A column whose answers all belong to one of
 * them is a rating question on that scale (1 = the first label).
 */
export interface LabelScale {
  readonly kind: 'agreement' | 'frequency' | 'satisfaction' | 'importance';
  readonly lang: 'en' | 'nl' | 'fr' | 'de';
  readonly labels: readonly string[];
}

const s = (kind: LabelScale['kind'], lang: LabelScale['lang'], labels: string): LabelScale => ({
  kind,
  lang,
  labels: labels.split('|'),
});

export const LABEL_SCALES: readonly LabelScale[] = [
  s('agreement', 'en', 'strongly disagree|disagree|neither agree nor disagree|agree|strongly agree'),
  s('agreement', 'en', 'strongly disagree|somewhat disagree|neither agree nor disagree|somewhat agree|strongly agree'),
  s('agreement', 'en', 'strongly disagree|disagree|neutral|agree|strongly agree'),
  s('agreement', 'en', 'strongly disagree|disagree|agree|strongly agree'),
  s('agreement', 'nl', 'helemaal oneens|oneens|neutraal|eens|helemaal eens'),
  s('agreement', 'nl', 'helemaal mee oneens|mee oneens|neutraal|mee eens|helemaal mee eens'),
  s('agreement', 'nl', 'helemaal niet akkoord|niet akkoord|neutraal|akkoord|helemaal akkoord'),
  s(
    'agreement',
    'nl',
    'helemaal niet akkoord|eerder niet akkoord|noch akkoord, noch niet akkoord|eerder akkoord|helemaal akkoord',
  ),
  s('agreement', 'fr', "pas du tout d'accord|pas d'accord|ni d'accord ni pas d'accord|d'accord|tout à fait d'accord"),
  s('agreement', 'fr', "tout à fait en désaccord|plutôt en désaccord|neutre|plutôt d'accord|tout à fait d'accord"),
  s(
    'agreement',
    'fr',
    "pas du tout d'accord|plutôt pas d'accord|ni d'accord ni pas d'accord|plutôt d'accord|tout à fait d'accord",
  ),
  s('agreement', 'de', 'stimme überhaupt nicht zu|stimme nicht zu|weder noch|stimme zu|stimme voll und ganz zu'),
  s('agreement', 'de', 'stimme gar nicht zu|stimme eher nicht zu|teils/teils|stimme eher zu|stimme voll zu'),
  s(
    'agreement',
    'de',
    'trifft überhaupt nicht zu|trifft eher nicht zu|teils/teils|trifft eher zu|trifft voll und ganz zu',
  ),
  s('frequency', 'en', 'never|rarely|sometimes|often|always'),
  s('frequency', 'en', 'never|rarely|sometimes|very often|always'),
  s('frequency', 'nl', 'nooit|zelden|soms|vaak|altijd'),
  s('frequency', 'fr', 'jamais|rarement|parfois|souvent|toujours'),
  s('frequency', 'de', 'nie|selten|manchmal|oft|immer'),
  s('satisfaction', 'en', 'very dissatisfied|dissatisfied|neutral|satisfied|very satisfied'),
  s('satisfaction', 'en', 'very dissatisfied|dissatisfied|neither satisfied nor dissatisfied|satisfied|very satisfied'),
  s('satisfaction', 'nl', 'zeer ontevreden|ontevreden|neutraal|tevreden|zeer tevreden'),
  s('satisfaction', 'fr', 'très insatisfait|insatisfait|neutre|satisfait|très satisfait'),
  s('satisfaction', 'de', 'sehr unzufrieden|unzufrieden|neutral|zufrieden|sehr zufrieden'),
  s(
    'importance',
    'en',
    'not at all important|slightly important|moderately important|very important|extremely important',
  ),
  s('importance', 'en', 'not important|slightly important|moderately important|important|very important'),
  s('importance', 'nl', 'helemaal niet belangrijk|niet belangrijk|neutraal|belangrijk|zeer belangrijk'),
  s('importance', 'fr', 'pas du tout important|peu important|moyennement important|important|très important'),
  s('importance', 'de', 'überhaupt nicht wichtig|weniger wichtig|teils/teils|wichtig|sehr wichtig'),
];

/** A label as compared: case-folded, typographic apostrophes straightened, whitespace collapsed. */
export const labelKey = (text: string) =>
  text.normalize('NFC').replace(/[’‘`]/g, "'").replace(/\s+/gu, ' ').trim().toLowerCase();

/** The first scale holding every one of `values` (label keys), or null. */
export function scaleOfLabels(values: ReadonlySet<string>): LabelScale | null {
  if (values.size === 0) return null;
  return LABEL_SCALES.find((scale) => [...values].every((v) => scale.labels.includes(v))) ?? null;
}
