// Loads a page in headless Chromium and returns the DOM after its scripts ran, plus what the
// page wrote to the console: proof that the server HTML hydrates in a real browser.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'

const run = promisify(execFile)
/** Debian's Chromium; `CHROMIUM_PATH` (as in the other browser tests) points elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Lets the page's fetches and effects settle before the DOM is written out.
  '--virtual-time-budget=10000',
  '--enable-logging=stderr',
  '--v=0',
  '--dump-dom',
]

/** The rendered page, or `undefined` when there is no Chromium at {@link CHROMIUM}. */
export async function renderInChromium(
  url: string,
): Promise<{ readonly dom: string; readonly console: readonly string[] } | undefined> {
  if (!existsSync(CHROMIUM)) return undefined
  const { stdout, stderr } = await run(CHROMIUM, [...ARGS, url], {
    timeout: 90_000,
    maxBuffer: 32 * 1024 * 1024,
  })
  const console = stderr.split('\n').filter((line) => line.includes(':CONSOLE'))
  return { dom: stdout, console }
}
