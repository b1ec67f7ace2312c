/**
 * The instrument (codebook) as the domain sees it: validated, defaults filled
 * in, trusted. Built from JSON by `parseInstrument` (instrument-schema.ts).
 */

import type { StepCatalogue } from './next-steps.js';

/** Text in several languages, keyed by language code: `{ en: 'Role', nl: 'Rol' }`. */
export type LocalText = Readonly<Record<string, string>>;

export type ScaleType = 'likert' | 'binary' | 'goalposts';

export interface Scale {
  readonly type: ScaleType;
  /** Lowest value (likert), the lower goalpost (goalposts); 0 for binary. */
  readonly min: number;
  /** Highest value (likert), the upper goalpost (goalposts); 1 for binary. */
  readonly max: number;
}

export interface Question {
  readonly code: string;
  /** The header text(s) of the column holding this question, when it is not found by its code. */
  readonly columns?: readonly string[];
  readonly text: LocalText;
  readonly weight: number;
  readonly reverse: boolean;
  readonly scale: Scale;
  /** Key of the top-level dimension the question belongs to. */
  readonly dimension: string;
  /** Position in the instrument's question order (the stored answer vector). */
  readonly index: number;
}

/** A node of the instrument tree: a dimension, a sub-dimension, … */
export interface InstrumentNode {
  readonly key: string;
  readonly label: LocalText;
  readonly description?: LocalText;
  readonly weight: number;
  /** Target score 0–100, when the instrument sets one for this node. */
  readonly target?: number;
  readonly children: readonly InstrumentNode[];
  readonly questions: readonly Question[];
}

export interface MaturityLevel {
  readonly level: number;
  /** Lower bound (inclusive) of the band, on the 0–100 score scale. */
  readonly from: number;
  readonly label: LocalText;
}

export interface SegmentDefinition {
  readonly key: string;
  readonly label: LocalText;
  /** Known values with their labels; other values are kept as written. */
  readonly values: Readonly<Record<string, LocalText>>;
}

export interface ColumnNames {
  readonly id: string;
  readonly city: string;
  readonly country: string;
  readonly wave: string;
  readonly weight: string;
  /** The column saying whether a response was finished; absent: the common tools' columns are recognised. */
  readonly completion?: string;
}

export interface Instrument {
  readonly id: string;
  readonly version: string;
  readonly name: LocalText;
  readonly description?: LocalText;
  readonly languages: readonly string[];
  /** Answer label (lower-cased) → code, over every language. */
  readonly answerLabels: ReadonlyMap<string, number>;
  /** Missing codes, lower-cased; blank cells are always missing. */
  readonly missingCodes: ReadonlySet<string>;
  readonly segments: readonly SegmentDefinition[];
  readonly textColumns: readonly string[];
  readonly columns: ColumnNames;
  /** Values of the completion column that mean "finished", when the instrument names them. */
  readonly completeValues?: readonly string[];
  readonly minRespondents: number;
  readonly minCoverage: number;
  readonly target: number;
  readonly levels: readonly MaturityLevel[];
  /** The top level of the tree: what the radar shows. */
  readonly dimensions: readonly InstrumentNode[];
  /** Every question, depth first, in the order of the stored answer vector. */
  readonly questions: readonly Question[];
  /** Steps to the next level per dimension and level, when the instrument ships them. */
  readonly catalogue?: StepCatalogue;
}

/** Every node below the root, depth first (parents before children). */
export function allNodes(instrument: Instrument): InstrumentNode[] {
  const out: InstrumentNode[] = [];
  const walk = (node: InstrumentNode): void => {
    out.push(node);
    node.children.forEach(walk);
  };
  instrument.dimensions.forEach(walk);
  return out;
}

/** The label in `lang`, else English, else the first there is. */
export function localize(text: LocalText | undefined, lang: string): string {
  if (!text) return '';
  return text[lang] ?? text.en ?? Object.values(text)[0] ?? '';
}
