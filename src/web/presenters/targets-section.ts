import type { CityTarget } from '../../db/repositories/city-targets.js';
import { formatDecimal } from '../../domain/figure-labels.js';
import { localize, type Instrument } from '../../domain/instrument.js';
import { targetProgress } from '../../domain/target-dimension.js';
import type { TrendPoint } from '../../services/dashboard-data.js';
import type { Lang } from '../i18n.js';

/** Words of the targets and what-if blocks (pages only). */
export const TARGET_TEXT = {
  en: {
    heading: 'Own targets and progress',
    intro: "The city's own targets per dimension and wave, against its score that wave.",
    none: 'No targets set yet.',
    wave: 'Wave',
    dimension: 'Dimension',
    target: 'Own target',
    score: 'Score',
    toGo: 'Still to go',
    reached: 'reached',
    notSurveyed: 'no score yet',
    setHeading: 'Set a target',
    value: 'Target (0–100)',
    save: 'Save target',
    whatIfHeading: 'What if…',
    whatIfIntro:
      'Raise one or more dimensions to see how the index, level, rank and gaps would change. Filled in with this wave’s own targets where set.',
    raiseTo: 'Raise {label} to',
    show: 'Show the what-if',
  },
  nl: {
    heading: 'Eigen doelen en voortgang',
    intro: 'De eigen doelen van de stad per dimensie en editie, tegenover haar score in die editie.',
    none: 'Nog geen doelen ingesteld.',
    wave: 'Editie',
    dimension: 'Dimensie',
    target: 'Eigen doel',
    score: 'Score',
    toGo: 'Nog te gaan',
    reached: 'bereikt',
    notSurveyed: 'nog geen score',
    setHeading: 'Een doel instellen',
    value: 'Doel (0–100)',
    save: 'Doel bewaren',
    whatIfHeading: 'Wat als…',
    whatIfIntro:
      'Verhoog een of meer dimensies om te zien hoe index, niveau, rang en kloven zouden veranderen. Ingevuld met de eigen doelen van deze editie, waar die er zijn.',
    raiseTo: '{label} verhogen tot',
    show: 'Toon het wat-als',
  },
} as const;

export interface TargetsSectionView {
  readonly text: (typeof TARGET_TEXT)[Lang];
  readonly rows: readonly {
    wave: number;
    label: string;
    target: string;
    score: string;
    toGo: string;
    reached: boolean | null;
  }[];
  readonly dimensions: readonly { key: string; label: string; current: string; prefill: string }[];
  readonly canEdit: boolean;
}

/** The progress table (every wave with a target) and the what-if form's fields. */
export function presentTargets(
  instrument: Instrument,
  targets: readonly CityTarget[],
  trend: readonly TrendPoint[],
  wave: number,
  lang: Lang,
  canEdit: boolean,
): TargetsSectionView {
  const num = (v: number | null) => formatDecimal(lang, v, 1);
  const scores = new Map(
    trend.map((p) => [
      p.wave,
      new Map(
        instrument.dimensions.map((d, i) => [
          d.key,
          p.dimensions[i]?.suppressed ? null : (p.dimensions[i]?.score ?? null),
        ]),
      ),
    ]),
  );
  const label = (key: string) => localize(instrument.dimensions.find((d) => d.key === key)?.label, lang) || key;
  const rows = targetProgress(
    targets.map((t) => ({ wave: t.wave, dimension: t.dimension, value: t.value })),
    scores,
  ).map((p) => ({
    wave: p.wave,
    label: label(p.dimension),
    target: num(p.target),
    score: num(p.score),
    toGo: p.toGo === null ? TARGET_TEXT[lang].notSurveyed : p.reached ? TARGET_TEXT[lang].reached : num(p.toGo),
    reached: p.reached,
  }));
  const current = scores.get(wave);
  return {
    text: TARGET_TEXT[lang],
    rows,
    dimensions: instrument.dimensions.map((d) => {
      const own = targets.find((t) => t.wave === wave && t.dimension === d.key);
      return {
        key: d.key,
        label: localize(d.label, lang),
        current: num(current?.get(d.key) ?? null),
        prefill: own ? String(own.value) : '',
      };
    }),
    canEdit,
  };
}
