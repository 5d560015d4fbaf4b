import { describe, expect, it } from 'vitest'
import { scopedSelectorProblems } from './css-selectors'

describe('scopedSelectorProblems', () => {
  it('accepts scoped rules, media blocks and keyframes and reports the rest', () => {
    const css = `
      /* a comment with { braces } */
      .rw-root, [data-rw-theme='dark'] { color: red; }
      @media (min-width: 1px) { .rw-a .b { color: blue; } body { margin: 0; } }
      @keyframes rw-in { from { opacity: 0; } to { opacity: 1; } }
      button, .rw-ok { x: y; }
    `
    expect(scopedSelectorProblems(css)).toEqual(['body', 'button'])
  })
})
