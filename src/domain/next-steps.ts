import type { Instrument, LocalText, MaturityLevel } from './instrument.js';
import { localize } from './instrument.js';

/** Gent's AI support model: where the organisation helps an idea along. */
export const SUPPORT_STAGES = ['inspire', 'explore', 'experiment', 'invest'] as const;
export type SupportStage = (typeof SUPPORT_STAGES)[number];

/** The three organisational layers of AI: personal (no-code), team (low-code), business (pro-code). */
export const ORG_LAYERS = ['personal', 'team', 'business'] as const;
export type OrgLayer = (typeof ORG_LAYERS)[number];

/** One step of the instrument's catalogue, in every language it is written in. */
export interface CatalogueStep {
  readonly stage: SupportStage;
  readonly layer: OrgLayer;
  readonly text: LocalText;
}

/** Catalogue of an instrument: dimension key → level → the steps that reach the next level. */
export type StepCatalogue = ReadonlyMap<string, ReadonlyMap<number, readonly CatalogueStep[]>>;

export interface NextStep {
  readonly stage: SupportStage;
  readonly layer: OrgLayer;
  readonly text: string;
}

export interface NextLevel {
  /** The level above the current one; null at the top level (or when suppressed). */
  readonly nextLevel: number | null;
  /** Points still needed to reach it (0 < points); null when there is no next level. */
  readonly pointsToNextLevel: number | null;
  /** What reaching it takes, from the instrument's catalogue; empty without one. */
  readonly nextSteps: readonly NextStep[];
}

/**
 * The next maturity level of a dimension scored `score` at `level`, how far
 * it is and (from the catalogue) what it takes, in `lang`.
 * @example nextLevelOf(instrument, 'sovereignty', 28.3, 2, 'en') // => { nextLevel: 3, pointsToNextLevel: 11.7, nextSteps: [...] }
 */
export function nextLevelOf(
  instrument: Instrument,
  dimension: string,
  score: number | null,
  level: number | null,
  lang: string,
): NextLevel {
  if (score === null || level === null) return { nextLevel: null, pointsToNextLevel: null, nextSteps: [] };
  const next = levelAbove(instrument.levels, level);
  const steps = instrument.catalogue?.get(dimension)?.get(level) ?? [];
  return {
    nextLevel: next?.level ?? null,
    pointsToNextLevel: next ? next.from - score : null,
    // In the order of the support model (inspire → invest), as the catalogue lists them within a stage.
    nextSteps: [...steps]
      .sort((a, b) => SUPPORT_STAGES.indexOf(a.stage) - SUPPORT_STAGES.indexOf(b.stage))
      .map((s) => ({ stage: s.stage, layer: s.layer, text: localize(s.text, lang) })),
  };
}

function levelAbove(levels: readonly MaturityLevel[], level: number): MaturityLevel | undefined {
  return levels.find((l) => l.level > level);
}

/** What orders the priorities: a clear gap behind the peers, and the distance to the next level. */
export interface PriorityInput {
  readonly key: string;
  /** Gap to the peers (positive = behind); null when not compared. */
  readonly gap: number | null;
  /** Whether that gap is a clear one. */
  readonly significant: boolean | null;
  readonly pointsToNextLevel: number | null;
  readonly suppressed: boolean;
}

/**
 * The order in which to take up the dimensions: first those clearly behind
 * the peers (largest gap first), then the others by how close the next level
 * is (nearest first: the quickest step up), the top level last. Suppressed
 * dimensions are left out: there is no level to start from.
 * @example priorityOrder([{ key: 'a', gap: 5, significant: false, pointsToNextLevel: 2 }, { key: 'b', gap: 12, significant: true, pointsToNextLevel: 9 }]) // => ['b', 'a']
 */
export function priorityOrder(items: readonly PriorityInput[]): string[] {
  const clear = (p: PriorityInput) => p.significant === true && p.gap !== null && p.gap > 0;
  return items
    .filter((p) => !p.suppressed)
    .sort((a, b) => {
      if (clear(a) !== clear(b)) return clear(a) ? -1 : 1;
      if (clear(a)) return b.gap! - a.gap!;
      return (a.pointsToNextLevel ?? Infinity) - (b.pointsToNextLevel ?? Infinity) || a.key.localeCompare(b.key);
    })
    .map((p) => p.key);
}

/** Words for the support stages, layers and the priorities block, shared by the pages and the reports. */
export const NEXT_STEP_TEXT = {
  en: {
    stages: { inspire: 'Inspire', explore: 'Explore', experiment: 'Experiment', invest: 'Invest' },
    layers: { personal: 'personal (no-code)', team: 'team (low-code)', business: 'business (pro-code)' },
    verdict: 'Verdict',
    priorities: 'Priorities and next steps',
    prioritiesIntro:
      'Dimensions clearly behind the peers come first, largest gap first; then the others, nearest next level first. Each step is tagged with its stage in the support model (inspire → explore → experiment → invest) and the organisational layer it works in.',
    toNextLevel: 'level {level} ({label}) → level {next} ({nextLabel}): {points} points to go',
    topLevel: 'level {level} ({label}): the highest level',
    clearlyBehind: 'clearly behind {peers} by {points} points',
    noSteps: 'The instrument lists no steps for this level.',
    noCatalogue: 'This instrument has no catalogue of next steps.',
  },
  nl: {
    stages: { inspire: 'Inspireren', explore: 'Verkennen', experiment: 'Experimenteren', invest: 'Investeren' },
    layers: { personal: 'persoonlijk (no-code)', team: 'team/dienst (low-code)', business: 'business (pro-code)' },
    verdict: 'Oordeel',
    priorities: 'Prioriteiten en volgende stappen',
    prioritiesIntro:
      'Dimensies met een duidelijke achterstand op de vergelijkingsgroep komen eerst, grootste kloof eerst; dan de andere, dichtstbijzijnde volgende niveau eerst. Elke stap heeft zijn fase in het ondersteuningsmodel (inspireren → verkennen → experimenteren → investeren) en de organisatielaag waarin hij werkt.',
    toNextLevel: 'niveau {level} ({label}) → niveau {next} ({nextLabel}): nog {points} punten',
    topLevel: 'niveau {level} ({label}): het hoogste niveau',
    clearlyBehind: 'duidelijk achter op {peers}, met {points} punten',
    noSteps: 'De vragenlijst geeft geen stappen voor dit niveau.',
    noCatalogue: 'Deze vragenlijst heeft geen catalogus van volgende stappen.',
  },
} as const;
