// Keyboard-only navigation: press Tab until the focused element is the one wanted. Locators are
// never clicked; they only read state.
import type { Page } from 'playwright-core'
import { focusedElement } from './accessibility'
import type { FocusedElement } from './accessibility'

/** An element found by role (optional) and accessible name. */
export interface FocusTarget {
  readonly role?: string | RegExp
  readonly name: string | RegExp
}

const matches = (expected: string | RegExp, actual: string): boolean =>
  typeof expected === 'string' ? actual === expected : expected.test(actual)

/** Whether the focused element is `target`. */
export function isTarget(focused: FocusedElement, target: FocusTarget): boolean {
  return (
    matches(target.name, focused.name) &&
    (target.role === undefined || matches(target.role, focused.role))
  )
}

const describe = (target: FocusTarget): string =>
  `${target.role ? `${String(target.role)} ` : ''}"${String(target.name)}"`

/**
 * Presses Tab (or Shift+Tab) until `target` has focus, up to `max` presses; stays put when it
 * already has focus. Fails with the list of elements focus went through.
 */
export async function tabTo(
  page: Page,
  target: FocusTarget,
  options: { readonly backwards?: boolean; readonly max?: number } = {},
): Promise<FocusedElement> {
  const { backwards = false, max = 60 } = options
  const visited: string[] = []
  let focused = await focusedElement(page)
  for (let press = 0; press <= max; press++) {
    if (isTarget(focused, target)) return focused
    visited.push(`${focused.role || focused.tag} "${focused.name}"`)
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab')
    focused = await focusedElement(page)
  }
  throw new Error(
    `No ${describe(target)} within ${max} ${backwards ? 'Shift+Tab' : 'Tab'} presses; focus went through: ${visited.join(' → ')}`,
  )
}

/** Tabs to `target` and presses `key` on it (Enter by default). */
export async function activate(
  page: Page,
  target: FocusTarget,
  options: { readonly key?: string; readonly backwards?: boolean; readonly max?: number } = {},
): Promise<void> {
  await tabTo(page, target, options)
  await page.keyboard.press(options.key ?? 'Enter')
}

/** Waits until the focused element is `target` (focus moved by the page, e.g. a dialog opening). */
export async function waitForFocus(
  page: Page,
  target: FocusTarget,
  timeoutMs = 10_000,
): Promise<FocusedElement> {
  const deadline = Date.now() + timeoutMs
  let focused = await focusedElement(page)
  while (!isTarget(focused, target)) {
    if (Date.now() > deadline)
      throw new Error(`Focus is on ${focused.role} "${focused.name}", not ${describe(target)}`)
    await page.waitForTimeout(100)
    focused = await focusedElement(page)
  }
  return focused
}

/** Selects all text of the focused text box and types `text` over it. */
export async function typeOver(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type(text)
}

/**
 * Tabs to a `<select>` and moves through its options with the arrow keys (no pop-up) until the
 * option whose text matches `option` is selected.
 */
export async function chooseOption(
  page: Page,
  target: FocusTarget,
  option: string | RegExp,
  options: { readonly backwards?: boolean } = {},
): Promise<void> {
  await tabTo(page, target, options)
  const selectedText = (): Promise<string> =>
    page.evaluate(() => {
      const select = document.activeElement
      if (!(select instanceof HTMLSelectElement))
        throw new Error('The focused element is no select')
      return select.selectedOptions[0]?.text ?? ''
    })
  const count = await page.evaluate(() => (document.activeElement as HTMLSelectElement).length)
  if (matches(option, await selectedText())) return
  await page.keyboard.press('Home')
  const seen: string[] = []
  for (let press = 0; press < count; press++) {
    const text = await selectedText()
    if (matches(option, text)) return
    seen.push(text)
    await page.keyboard.press('ArrowDown')
  }
  throw new Error(`No option ${String(option)} in ${describe(target)}; saw ${seen.join(', ')}`)
}

/** Tabs to a checkbox or switch and presses Space unless it already is `checked`. */
export async function setChecked(page: Page, target: FocusTarget, checked = true): Promise<void> {
  await tabTo(page, target)
  const current = await page.evaluate(() => {
    const element = document.activeElement
    if (element instanceof HTMLInputElement) return element.checked
    return element?.getAttribute('aria-checked') === 'true'
  })
  if (current !== checked) await page.keyboard.press('Space')
}
