/**
 * Lists every selector of a stylesheet that is not scoped to Reportwright: each selector of a
 * rule must start with `.rw-` or `[data-rw-theme`. Rules inside `@media`/`@supports` are
 * checked too; `@keyframes` steps and `@font-face` are not selectors.
 */
export function scopedSelectorProblems(css: string): string[] {
  const problems: string[] = []
  walk(css.replace(/\/\*[\s\S]*?\*\//g, ''), problems)
  return problems
}

function walk(css: string, problems: string[]): void {
  let index = 0
  while (index < css.length) {
    const open = css.indexOf('{', index)
    if (open === -1) {
      if (css.slice(index).trim() !== '') problems.push(`stray text: ${css.slice(index).trim()}`)
      return
    }
    const close = matchingBrace(css, open)
    const prelude = css.slice(index, open).trim()
    const body = css.slice(open + 1, close)
    if (prelude.startsWith('@media') || prelude.startsWith('@supports')) walk(body, problems)
    else if (!/^@(keyframes|font-face|property|layer)\b/.test(prelude))
      for (const selector of prelude.split(',').map((part) => part.trim()))
        if (!selector.startsWith('.rw-') && !selector.startsWith('[data-rw-theme'))
          problems.push(selector)
    index = close + 1
  }
}

function matchingBrace(css: string, open: number): number {
  let depth = 0
  for (let index = open; index < css.length; index++) {
    if (css[index] === '{') depth++
    else if (css[index] === '}' && --depth === 0) return index
  }
  throw new Error(`Unbalanced braces after: ${css.slice(open - 40, open)}`)
}
