export type Delimiter = ',' | ';' | '\t';

export interface DelimiterResult {
  readonly delimiter: Delimiter;
  /** True when the first line was Excel's `sep=` line (and must be skipped). */
  readonly sepLine: boolean;
}

/**
 * The delimiter, from an Excel `sep=;` first line or else from the header
 * line alone (counting `,` `;` TAB outside quotes; the most frequent wins,
 * comma on a tie or when there is none). Never guessed from data rows.
 * @example detectDelimiter('id;city;"a,b"\n1;Gent;x') // => { delimiter: ';', sepLine: false }
 */
export function detectDelimiter(text: string): DelimiterResult {
  const sep = /^sep=(.)\r?\n?/i.exec(text.slice(0, 8));
  if (sep && [',', ';', '\t'].includes(sep[1]!)) return { delimiter: sep[1] as Delimiter, sepLine: true };
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.entries(counts) as [Delimiter, number][]).reduce((a, b) => (b[1] > a[1] ? b : a));
  return { delimiter: best[1] === 0 ? ',' : best[0], sepLine: false };
}
