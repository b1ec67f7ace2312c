import { fillIn, formatDecimal } from '../../domain/figure-labels.js';
import { localize } from '../../domain/instrument.js';
import { NEXT_STEP_TEXT, type OrgLayer, type SupportStage } from '../../domain/next-steps.js';
import type { GapsJson } from '../../services/gaps-json.js';
import type { WaveScoring } from '../../services/wave-scoring.js';
import type { Lang } from '../i18n.js';

export interface PriorityStepView {
  readonly stage: SupportStage;
  readonly layer: OrgLayer;
  readonly stageLabel: string;
  readonly layerLabel: string;
  readonly text: string;
}

export interface PriorityView {
  readonly key: string;
  readonly label: string;
  /** "level 2 (Exploring) → level 3 (Defined): 14.7 points to go". */
  readonly levelText: string;
  /** "clearly behind the five largest cities by 18.9 points", when it is. */
  readonly clearText: string | null;
  readonly steps: readonly PriorityStepView[];
}

export interface VerdictView {
  readonly heading: string;
  readonly verdict: string;
  readonly prioritiesHeading: string;
  readonly prioritiesIntro: string;
  readonly noSteps: string;
  readonly hasCatalogue: boolean;
  readonly priorities: readonly PriorityView[];
}

/** The verdict and the priorities with their next steps, worded for a page in `lang`. */
export function presentVerdict(ws: WaveScoring, gaps: GapsJson, lang: Lang): VerdictView {
  const text = NEXT_STEP_TEXT[lang];
  const num = (v: number) => formatDecimal(lang, v, 1);
  const levelLabel = (level: number | null) =>
    localize(ws.instrument.levels.find((l) => l.level === level)?.label, lang);
  const priorities = gaps.priorities.map((key) => {
    const d = gaps.dimensions.find((g) => g.key === key)!;
    const index = ws.instrument.dimensions.findIndex((n) => n.key === key);
    const levelText =
      d.nextLevel === null
        ? fillIn(text.topLevel, { level: d.level ?? '—', label: levelLabel(d.level) })
        : fillIn(text.toNextLevel, {
            level: d.level ?? '—',
            label: levelLabel(d.level),
            next: d.nextLevel,
            nextLabel: levelLabel(d.nextLevel),
            points: num(d.pointsToNextLevel!),
          });
    const clear = d.testable && d.significant === true && d.gapToPeers !== null && d.gapToPeers > 0;
    return {
      key,
      label: localize(ws.instrument.dimensions[index]!.label, lang),
      levelText,
      clearText: clear ? fillIn(text.clearlyBehind, { peers: gaps.peerGroupName, points: num(d.gapToPeers!) }) : null,
      steps: d.nextSteps.map((s) => ({ ...s, stageLabel: text.stages[s.stage], layerLabel: text.layers[s.layer] })),
    };
  });
  return {
    heading: text.verdict,
    verdict: gaps.verdict,
    prioritiesHeading: text.priorities,
    prioritiesIntro: text.prioritiesIntro,
    noSteps: ws.instrument.catalogue ? text.noSteps : text.noCatalogue,
    hasCatalogue: ws.instrument.catalogue !== undefined,
    priorities,
  };
}
