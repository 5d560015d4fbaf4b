// Debian's chromium through playwright-core: no browser download.
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import type { Browser } from 'playwright-core'

/** The chromium binary the suite drives. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/**
 * Whether chromium is installed. Without it the suite skips with one line, unless
 * RW_REQUIRE_SERVICES=1 asks for every suite to run.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true
  const message = `embed-express e2e: no chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`
  if (process.env.RW_REQUIRE_SERVICES === '1') throw new Error(`${message}; RW_REQUIRE_SERVICES=1`)
  console.warn(`${message}: skipped`)
  return false
}

/** Launches headless chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true })
}
