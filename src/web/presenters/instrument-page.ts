import { localize, type Instrument, type InstrumentNode } from '../../domain/instrument.js';
import type { Lang } from '../i18n.js';

export interface InstrumentView {
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly description: string;
  readonly minRespondents: number;
  readonly minCoverage: number;
  readonly target: number;
  readonly levels: readonly {
    readonly level: number;
    readonly from: number;
    readonly to: number;
    readonly label: string;
  }[];
  readonly segments: readonly {
    readonly key: string;
    readonly label: string;
    readonly values: readonly { readonly key: string; readonly label: string }[];
  }[];
  /** Answer code → labels in every language, from the instrument file. */
  readonly answerLabels: readonly { readonly code: string; readonly labels: readonly string[] }[];
  readonly dimensions: readonly {
    readonly key: string;
    readonly label: string;
    readonly description: string;
    readonly weight: number;
    readonly target: number;
    readonly questions: readonly {
      readonly code: string;
      readonly text: string;
      readonly scale: string;
      readonly reverse: boolean;
      readonly weight: number;
      readonly path: string;
    }[];
  }[];
}

const scaleText = (q: Instrument['questions'][number], lang: Lang) =>
  q.scale.type === 'binary'
    ? lang === 'nl'
      ? 'binair (ja/nee)'
      : 'binary (yes/no)'
    : `${q.scale.type} ${q.scale.min}–${q.scale.max}`;

/**
 * The instrument as a reader needs it: dimensions, questions with scale,
 * weights and reverse coding, levels, targets, segments and answer labels.
 * `answerLabels` come from the stored JSON (the domain keeps only label → code).
 */
export function presentInstrument(
  instrument: Instrument,
  rawAnswerLabels: Record<string, readonly string[]> | undefined,
  lang: Lang,
): InstrumentView {
  const collect = (
    node: InstrumentNode,
    path: string[],
  ): InstrumentView['dimensions'][number]['questions'][number][] => [
    ...node.questions.map((q) => {
      const full = instrument.questions.find((x) => x.code === q.code)!;
      return {
        code: q.code,
        text: localize(q.text, lang),
        scale: scaleText(full, lang),
        reverse: q.reverse,
        weight: q.weight,
        path: path.join(' › '),
      };
    }),
    ...node.children.flatMap((c) => collect(c, [...path, localize(c.label, lang)])),
  ];
  const levels = [...instrument.levels].sort((a, b) => a.from - b.from);
  return {
    id: instrument.id,
    version: instrument.version,
    name: localize(instrument.name, lang),
    description: localize(instrument.description, lang),
    minRespondents: instrument.minRespondents,
    minCoverage: instrument.minCoverage,
    target: instrument.target,
    levels: levels.map((l, i) => ({
      level: l.level,
      from: l.from,
      to: levels[i + 1]?.from ?? 100,
      label: localize(l.label, lang),
    })),
    segments: instrument.segments.map((s) => ({
      key: s.key,
      label: localize(s.label, lang) || s.key,
      values: Object.entries(s.values).map(([k, v]) => ({ key: k, label: localize(v, lang) })),
    })),
    answerLabels: Object.entries(rawAnswerLabels ?? {})
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([code, labels]) => ({ code, labels: [...labels] })),
    dimensions: instrument.dimensions.map((d) => ({
      key: d.key,
      label: localize(d.label, lang),
      description: localize(d.description, lang),
      weight: d.weight,
      target: d.target ?? instrument.target,
      questions: collect(d, []),
    })),
  };
}
