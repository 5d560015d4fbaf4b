import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..')

// Examples use the packages only through their built public exports, exactly as a user would;
// running them here keeps them from rotting.
async function runExample(name: string, script: string): Promise<string> {
  const { stdout } = await run(
    'pnpm',
    ['--silent', '--filter', `@reportwright/example-${name}`, script],
    {
      cwd: root,
      timeout: 120_000,
      env: { ...process.env, FORCE_COLOR: '0' },
    },
  )
  return stdout
}

describe('examples', () => {
  it('quickstart runs reports on PGlite and shows the role check', async () => {
    const out = await runExample('quickstart', 'start')
    expect(out).toMatch(/Revenue by segment and quarter/)
    expect(out).toMatch(/Run [0-9a-f-]+: succeeded, 5 rows/)
    expect(out).toMatch(/FORBIDDEN_FIELD/)
  })

  it('express-handler mounts the HTTP API and passes its smoke checks', async () => {
    const out = await runExample('express-handler', 'smoke')
    expect(out).toMatch(/✓ run/)
    expect(out).not.toMatch(/✗/)
  })
})
