/** Inserts `{{name}}` at the caret (or over the selection) of `text`. */
export function insertVariable(
  text: string,
  name: string,
  selection: { readonly start: number; readonly end: number } | undefined,
): { readonly text: string; readonly caret: number } {
  const token = `{{${name}}}`
  const start = Math.min(selection?.start ?? text.length, text.length)
  const end = Math.min(Math.max(selection?.end ?? start, start), text.length)
  return { text: text.slice(0, start) + token + text.slice(end), caret: start + token.length }
}
