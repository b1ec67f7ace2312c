import { FIGURE_LABELS } from '../../src/domain/figure-labels.js';
import { NEXT_STEP_TEXT } from '../../src/domain/next-steps.js';
import { TEXT as VERDICT_TEXT } from '../../src/domain/verdict.js';
import { TEXT as REPORT_TEXT } from '../../src/reports/report-text.js';
import { LABELS } from '../../src/web/i18n.js';
import { TARGET_TEXT } from '../../src/web/presenters/targets-section.js';

/** Every locale table of the interface: each has an `en` and an `nl` side. */
const TABLES: readonly { en: unknown; nl: unknown }[] = [
  LABELS,
  FIGURE_LABELS,
  NEXT_STEP_TEXT,
  VERDICT_TEXT,
  REPORT_TEXT,
  TARGET_TEXT,
];

/** All strings of a (nested) locale value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** The lower-case words of a text, without `{placeholders}`. */
export function wordsOf(text: string): string[] {
  return (
    text
      .replace(/\{[^}]*\}/g, ' ')
      .toLowerCase()
      .match(/\p{L}{2,}/gu) ?? []
  ).filter(Boolean);
}

/**
 * The words of the English locale that appear nowhere in the Dutch one: on a
 * Dutch page each is a sign of an untranslated label. Built from the locale
 * tables themselves, so a label added in English joins the check at once.
 * @example englishOnlyWords().has('peer') // => true; .has('index') // => false (Dutch too)
 */
export function englishOnlyWords(): Set<string> {
  const dutch = new Set(TABLES.flatMap((t) => strings(t.nl).flatMap(wordsOf)));
  return new Set(TABLES.flatMap((t) => strings(t.en).flatMap(wordsOf)).filter((w) => !dutch.has(w)));
}
