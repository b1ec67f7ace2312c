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
