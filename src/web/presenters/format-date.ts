import type { Lang } from '../i18n.js';

const LOCALES: Record<Lang, string> = { en: 'en-GB', nl: 'nl-BE' };
const formats = new Map<Lang, Intl.DateTimeFormat>();

/**
 * A stored time as a reader expects it in their language (the server's time
 * zone): stored times are ISO text in UTC, which no reader should have to parse.
 * Text that is not a time is returned as given.
 * @example formatDate('nl', '2026-06-01T12:00:00.000Z') // => '1 jun 2026, 14:00' (in Europe/Brussels)
 */
export function formatDate(lang: Lang, value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  let format = formats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short' });
    formats.set(lang, format);
  }
  return format.format(date);
}
