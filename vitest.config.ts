import { existsSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

// The stories run in the system Chromium (never a downloaded one). Without it they are left out
// with one line, like the suites whose database is missing; RW_REQUIRE_SERVICES=1 makes that fail.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasChromium = existsSync(chromium)
if (!hasChromium) {
  const line = `Storybook interaction tests skipped: no Chromium at ${chromium} (set CHROMIUM_PATH or install Debian's chromium).`
  if (process.env.RW_REQUIRE_SERVICES === '1') throw new Error(line)
  console.warn(line)
}

export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      ...(hasChromium ? ['packages/react/vitest.storybook.config.ts'] : []),
      'examples/*/vitest.config.ts',
      'tests/vitest.config.ts',
    ],
  },
})
