import { fillIn, formatDecimal } from './figure-labels.js';
import { listInWords, type PlainLang } from './peer-group-name.js';

/** One dimension as the verdict reads it: the gap to the peers and how sure it is. */
export interface VerdictGap {
  readonly label: string;
  /** Peer mean − city score in points (positive = behind); null when there is nothing to compare. */
  readonly gap: number | null;
  /** The gap's 95 % interval, when known. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** A clear difference by the test behind the gaps; null when it cannot be tested. */
  readonly significant: boolean | null;
  readonly suppressed: boolean;
}

export interface VerdictInput {
  readonly lang: PlainLang;
  readonly city: string;
  /** The peer group in plain words ("the five largest cities"). */
  readonly peers: string;
  /** Rank of the index among the cities of the wave that have one. */
  readonly rank: { readonly rank: number; readonly of: number } | null;
  readonly index: { readonly score: number; readonly level: number; readonly levelLabel: string } | null;
  readonly indexSuppressed: boolean;
  readonly gaps: readonly VerdictGap[];
}

export const TEXT = {
  en: {
    rank: '{city} is at rank {rank} of {of} cities on the maturity index ({score}, level {level}: {levelLabel}).',
    indexOnly: '{city} scores {score} on the maturity index (level {level}: {levelLabel}).',
    indexSuppressed: '{city} has too few respondents for an index.',
    compared: 'Compared with {peers}, ',
    behind: '{city} is clearly behind on {list}.',
    ahead: '{city} is clearly ahead on {list}.',
    aheadToo: 'It is clearly ahead on {list}.',
    gapBehind: '{label} ({points} points{interval})',
    interval: '; likely {low} to {high}',
    noneClear: 'there is no clear difference on {list}: the gaps measured there ({range}) could be chance.',
    notClear: 'There is no clear difference on {list}: the gaps measured there ({range}) could be chance.',
    range: '{low} to {high} points',
    one: '{value} points',
    rangeAhead: '{low} to {high} points ahead',
    oneAhead: '{value} points ahead',
    rangeBoth: 'from {ahead} points ahead to {behind} points behind',
    untestable: 'Too few respondents to test {list}.',
    suppressed: 'Not shown (too few respondents): {list}.',
    noPeers: 'No peer city has scores to compare with.',
  },
  nl: {
    rank: '{city} staat op plaats {rank} van {of} steden op de maturiteitsindex ({score}, niveau {level}: {levelLabel}).',
    indexOnly: '{city} scoort {score} op de maturiteitsindex (niveau {level}: {levelLabel}).',
    indexSuppressed: '{city} heeft te weinig respondenten voor een index.',
    compared: 'Tegenover {peers} ',
    behind: 'staat {city} duidelijk achter op {list}.',
    ahead: 'loopt {city} duidelijk voor op {list}.',
    aheadToo: '{city} loopt duidelijk voor op {list}.',
    gapBehind: '{label} ({points} punten{interval})',
    interval: '; waarschijnlijk {low} tot {high}',
    noneClear: 'is er geen duidelijk verschil op {list}: de gemeten kloven daar ({range}) kunnen toeval zijn.',
    notClear: 'Geen duidelijk verschil op {list}: de gemeten kloven daar ({range}) kunnen toeval zijn.',
    range: '{low} tot {high} punten',
    one: '{value} punten',
    rangeAhead: '{low} tot {high} punten voor',
    oneAhead: '{value} punten voor',
    rangeBoth: 'van {ahead} punten voor tot {behind} punten achter',
    untestable: 'Te weinig respondenten om {list} te toetsen.',
    suppressed: 'Niet getoond (te weinig respondenten): {list}.',
    noPeers: 'Geen enkele vergelijkingsstad heeft scores om mee te vergelijken.',
  },
} as const;

type Key = keyof (typeof TEXT)['en'];

/**
 * The verdict on a city in one paragraph of plain words: its rank, then the
 * clear gaps to its peers (behind first, largest first; then where it is
 * clearly ahead), then "no clear difference on …" for the gaps that could be
 * chance, then what cannot be tested or is not shown. "Clear" is whatever
 * the `significant` flag of each gap says; the wording never claims more.
 * @example cityVerdict({ lang: 'en', city: 'Gent', peers: 'the five largest cities', rank: { rank: 29, of: 36 }, … })
 * // => 'Gent is at rank 29 of 36 cities on the maturity index (36.0, level 2: Exploring). Compared with the five largest cities, Gent is clearly behind on …'
 */
export function cityVerdict(input: VerdictInput): string {
  const { lang, city } = input;
  const t = (key: Key, params: Record<string, string | number> = {}) => fillIn(TEXT[lang][key], { city, ...params });
  const num = (v: number) => formatDecimal(lang, v, 1);
  const list = (items: readonly VerdictGap[]) =>
    listInWords(
      items.map((g) => inSentence(g.label)),
      lang,
    );
  const sentences: string[] = [];

  if (input.index && input.rank) {
    sentences.push(
      t('rank', {
        rank: input.rank.rank,
        of: input.rank.of,
        score: num(input.index.score),
        level: input.index.level,
        levelLabel: input.index.levelLabel,
      }),
    );
  } else if (input.index) {
    sentences.push(
      t('indexOnly', { score: num(input.index.score), level: input.index.level, levelLabel: input.index.levelLabel }),
    );
  } else if (input.indexSuppressed) {
    sentences.push(t('indexSuppressed'));
  }

  const compared = input.gaps.filter((g) => !g.suppressed && g.gap !== null);
  const behind = compared.filter((g) => g.significant === true && g.gap! > 0).sort((a, b) => b.gap! - a.gap!);
  const ahead = compared.filter((g) => g.significant === true && g.gap! < 0).sort((a, b) => a.gap! - b.gap!);
  const unclear = compared
    .filter((g) => g.significant === false || (g.significant === true && g.gap === 0))
    .sort((a, b) => b.gap! - a.gap!);
  const untestable = compared.filter((g) => g.significant === null);
  const suppressed = input.gaps.filter((g) => g.suppressed);

  const withPoints = (g: VerdictGap) => {
    const interval =
      g.ciLow !== null && g.ciHigh !== null
        ? fillIn(TEXT[lang].interval, {
            low: num(Math.abs(g.gap! > 0 ? g.ciLow : g.ciHigh)),
            high: num(Math.abs(g.gap! > 0 ? g.ciHigh : g.ciLow)),
          })
        : '';
    return fillIn(TEXT[lang].gapBehind, { label: inSentence(g.label), points: num(Math.abs(g.gap!)), interval });
  };
  const pointList = (items: readonly VerdictGap[]) => listInWords(items.map(withPoints), lang);
  // Gaps are "behind" when positive; a range that crosses 0 says which side each end is on.
  const range = (items: readonly VerdictGap[]) => {
    const values = items.map((g) => g.gap!);
    const low = Math.min(...values);
    const high = Math.max(...values);
    const text = TEXT[lang];
    if (low < 0 && high > 0) return fillIn(text.rangeBoth, { ahead: num(-low), behind: num(high) });
    if (high <= 0 && low < 0)
      return low === high
        ? fillIn(text.oneAhead, { value: num(-low) })
        : fillIn(text.rangeAhead, { low: num(-high), high: num(-low) });
    return low === high
      ? fillIn(text.one, { value: num(low) })
      : fillIn(text.range, { low: num(low), high: num(high) });
  };
  const prefix = t('compared', { peers: input.peers });

  if (compared.length === 0 && suppressed.length < input.gaps.length) sentences.push(t('noPeers'));
  else if (behind.length > 0) {
    sentences.push(prefix + t('behind', { list: pointList(behind) }));
    if (ahead.length > 0) sentences.push(t('aheadToo', { list: pointList(ahead) }));
  } else if (ahead.length > 0) {
    sentences.push(prefix + t('ahead', { list: pointList(ahead) }));
  }
  if (unclear.length > 0) {
    const clearFirst = behind.length > 0 || ahead.length > 0;
    sentences.push(
      clearFirst
        ? t('notClear', { list: list(unclear), range: range(unclear) })
        : prefix + t('noneClear', { list: list(unclear), range: range(unclear) }),
    );
  }
  if (untestable.length > 0) sentences.push(t('untestable', { list: list(untestable) }));
  if (suppressed.length > 0) sentences.push(t('suppressed', { list: list(suppressed) }));
  return sentences.map(capitalise).join(' ');
}

/** A label inside a sentence: "Impactmeting & …" → "impactmeting & …", but "AI compliance" stays. */
const inSentence = (label: string) =>
  /^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
