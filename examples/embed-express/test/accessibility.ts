// axe-core inside the page: the accessible name and role of the focused element (what a screen
// reader announces, and what the keyboard helpers look for) and audits of a part of the page.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const require = createRequire(import.meta.url)

/** axe-core's source, injected into every page before its own scripts. */
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** The focused element as assistive technology sees it. */
export interface FocusedElement {
  readonly role: string
  readonly name: string
  readonly tag: string
  /** Text of the element (a list item's whole row, for example). */
  readonly text: string
}

/** Role and accessible name of `document.activeElement` (computed by axe-core). */
export function focusedElement(page: Page): Promise<FocusedElement> {
  return page.evaluate(() => {
    const axe = (window as unknown as { axe: AxeInPage }).axe
    const element = document.activeElement ?? document.body
    axe.setup(document)
    try {
      return {
        role: axe.commons.aria.getRole(element) ?? '',
        name: axe.commons.text.accessibleText(element).trim().replace(/\s+/g, ' '),
        tag: element.tagName.toLowerCase(),
        text: (element.textContent ?? '').trim().replace(/\s+/g, ' '),
      }
    } finally {
      axe.teardown()
    }
  })
}

/** One axe violation, trimmed to what a failure message needs. */
export interface AxeViolation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly targets: readonly string[]
}

/** Serious and critical WCAG 2.x A/AA violations inside `selector`. */
export async function seriousViolations(page: Page, selector: string): Promise<AxeViolation[]> {
  return page.evaluate(async (scope) => {
    const axe = (window as unknown as { axe: AxeInPage }).axe
    const result = await axe.run(scope, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    })
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }))
  }, selector)
}

/** The part of axe-core's browser API used here. */
interface AxeInPage {
  setup(node: Node): void
  teardown(): void
  commons: {
    aria: { getRole(element: Element): string | null }
    text: { accessibleText(element: Element): string }
  }
  run(
    context: string,
    options: { runOnly: { type: 'tag'; values: string[] } },
  ): Promise<{
    violations: {
      id: string
      impact: string | null
      help: string
      nodes: { target: string[] }[]
    }[]
  }>
}
