/**
 * An RFC 6266 `Content-Disposition: attachment` value: a plain ASCII
 * `filename` for old clients and `filename*` (RFC 8187, UTF-8, percent-encoded) for the exact name.
 * @example contentDisposition('gap-report-gent-2026.pdf')
 *   // => attachment; filename="gap-report-gent-2026.pdf"; filename*=UTF-8''gap-report-gent-2026.pdf
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
