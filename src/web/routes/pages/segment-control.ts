import { localize } from '../../../domain/instrument.js';
import { segmentText, type DashboardWave } from '../../../services/dashboard-data.js';
import type { Lang } from '../../i18n.js';

export interface SegmentControl {
  /** The current `segment` parameter ('' for all respondents). */
  readonly current: string;
  /** Human text of the current segment, e.g. "Role = it". */
  readonly currentLabel: string;
  readonly groups: readonly {
    readonly label: string;
    readonly options: readonly { readonly value: string; readonly label: string }[];
  }[];
}

/** The segment select of the controls: one group per segment column, one option per value found in the wave. */
export function segmentControl(dw: DashboardWave, lang: Lang): SegmentControl {
  const defs = dw.full.instrument.segments;
  const labelOf = (key: string, value: string) => {
    const def = defs.find((d) => d.key === key);
    return { column: localize(def?.label, lang) || key, value: localize(def?.values[value], lang) || value };
  };
  const current = segmentText(dw.segment) ?? '';
  const cur = dw.segment ? labelOf(dw.segment.key, dw.segment.value) : null;
  return {
    current,
    currentLabel: cur ? `${cur.column} = ${cur.value}` : '',
    groups: defs.map((d) => ({
      label: localize(d.label, lang) || d.key,
      options: (dw.segmentOptions[d.key] ?? []).map((v) => ({
        value: `${d.key}:${v}`,
        label: labelOf(d.key, v).value,
      })),
    })),
  };
}
