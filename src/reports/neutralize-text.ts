/**
 * Defuses spreadsheet formula injection (OWASP "CSV injection"): a text cell
 * that starts with `= + - @`, TAB, CR or LF gets a leading `'`, so a
 * spreadsheet shows it as text instead of running it. Only for text from
 * user data; computed numbers stay numbers.
 * @example neutralizeText('=HYPERLINK("x")') // => '\'=HYPERLINK("x")'
 */
export function neutralizeText(text: string): string {
  return /^[=+\-@\t\r\n]/.test(text) ? `'${text}` : text;
}

/** A formula start right after a separator some spreadsheet may split on (`,` `;` TAB, a line break). */
const AFTER_SEPARATOR = /([,;\t\r\n])([=+\-@])/g;

/**
 * `neutralizeText` for CSV, whose separator depends on the reader's locale
 * (`,` in English, `;` in Dutch, German and French Excel, TAB when pasted): a
 * formula start after any of them also gets a `'`, so `x;=1+2` can never
 * become a cell `=1+2`, even where a reader splits without heeding quotes.
 * @example neutralizeCsvText('x;=1+2') // => "x;'=1+2"
 */
export function neutralizeCsvText(text: string): string {
  return neutralizeText(text).replace(AFTER_SEPARATOR, "$1'$2");
}
