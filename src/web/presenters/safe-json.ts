/**
 * JSON to embed in `<script type="application/json">`: `<`, `>` and `&`
 * escaped so no value (a city called `</script><script>…`) can end the element.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
