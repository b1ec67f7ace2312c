import type { Instrument } from './instrument.js';

/**
 * The header (and one example row) of a CSV the importer accepts for this
 * instrument: the id, city, country and wave columns, the segment, weight and
 * text columns, then every question code in the stored order. The example row
 * answers every question with the scale's midpoint.
 * @example surveyTemplateRows(instrument)[0].slice(0, 4) // => ['respondent_id', 'city', 'country', 'survey_year']
 */
export function surveyTemplateRows(instrument: Instrument): string[][] {
  const { columns } = instrument;
  const header = [
    columns.id,
    columns.city,
    columns.country,
    columns.wave,
    ...instrument.segments.map((s) => s.key),
    columns.weight,
    ...instrument.textColumns,
    ...instrument.questions.map((q) => q.code),
  ];
  const example = [
    'example-1',
    'Gent',
    'BE',
    '2026',
    ...instrument.segments.map((s) => Object.keys(s.values)[0] ?? ''),
    '1',
    ...instrument.textColumns.map(() => ''),
    ...instrument.questions.map((q) =>
      String(q.scale.type === 'binary' ? 1 : Math.round((q.scale.min + q.scale.max) / 2)),
    ),
  ];
  return [header, example];
}
