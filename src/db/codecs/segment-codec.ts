/**
 * Storage of a respondent's segment values (role, layer, …): the values in
 * the instrument's segment order, each after a U+001F (unit separator), an
 * empty value where the row left it blank; NULL when it has none.
 * { role: 'it', layer: 'team' } with segments [role, layer] is "\u001fit\u001fteam":
 * 8 bytes where JSON took 28. Imported text never holds U+001F (control
 * characters are refused), so the separator is unambiguous. Rows written
 * before this form hold JSON (`{"role":"it"}`) and read back unchanged.
 */
const SEP = '\u001f';

export function encodeSegments(
  keys: readonly string[],
  segments: Readonly<Record<string, string>> | null,
): string | null {
  if (!segments) return null;
  let out = '';
  let any = false;
  for (const key of keys) {
    const value = segments[key];
    if (value) any = true;
    out += SEP + (value ?? '');
  }
  return any ? out : null;
}

/** @example decodeSegments(['role', 'layer'], '\u001fit\u001f') // => { role: 'it' } */
export function decodeSegments(keys: readonly string[], text: string | null): Record<string, string> | null {
  if (text === null || text === '') return null;
  if (!text.startsWith(SEP)) return JSON.parse(text) as Record<string, string>;
  const values = text.slice(1).split(SEP);
  const out: Record<string, string> = {};
  keys.forEach((key, i) => {
    if (values[i]) out[key] = values[i]!;
  });
  return out;
}
