import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..')

// As in examples.test.ts: the examples use the built packages, exactly as a user would.
async function runExample(name: string, script: string, timeout: number): Promise<string> {
  const { stdout } = await run(
    'pnpm',
    ['--silent', '--filter', `@reportwright/example-${name}`, script],
    {
      cwd: root,
      timeout,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, FORCE_COLOR: '0', NEXT_TELEMETRY_DISABLED: '1' },
    },
  )
  return stdout
}

describe('more examples', () => {
  it('distributed: two BullMQ workers share the occurrences, each run once', async (context) => {
    // The example checks Redis itself; with RW_REQUIRE_SERVICES=1 a missing Redis exits 1.
    const out = await runExample('distributed', 'smoke', 150_000)
    const absent = /^Redis is not reachable at .*$/m.exec(out)
    if (absent) {
      console.log(`[reportwright] skipping the distributed example: ${absent[0]}`)
      context.skip()
    }
    expect(out).toMatch(/✓ \d+ occurrences ran/)
    expect(out).toMatch(/✓ no occurrence ran twice/)
    expect(out).toMatch(/✓ every run left its file in the shared folder/)
    expect(out).toMatch(/✓ both workers stopped cleanly/)
    expect(out).not.toMatch(/✗/)
    // Every row of the table: a fire time, a schedule and the pid of the worker that ran it.
    const rows = [...out.matchAll(/^(\S+Z) {2}(.+?) {2,}pid (\d+) +(\S+)$/gm)]
    expect(rows.length).toBeGreaterThanOrEqual(6)
    const occurrences = rows.map(([, fireTime, schedule]) => `${schedule}@${fireTime}`)
    expect(new Set(occurrences).size).toBe(occurrences.length)
    const pids = /two worker processes took part: pid (\d+) ran \d+, pid (\d+) ran \d+/.exec(out)
    expect(pids?.[1]).toBeDefined()
    expect(pids?.[1]).not.toBe(pids?.[2])
    for (const [, , , pid] of rows) expect([pids?.[1], pids?.[2]]).toContain(pid)
  }, 180_000)

  it('nextjs: the production build renders the report builder on the server and serves the API', async () => {
    // A cold `next build` takes minutes on a small machine; the smoke builds only when needed.
    const out = await runExample('nextjs', 'smoke', 420_000)
    expect(out).toMatch(/✓ GET \/ is rendered on the server/)
    expect(out).toMatch(/✓ the report builder is in the server HTML/)
    expect(out).toMatch(/✓ datasets/)
    expect(out).toMatch(/✓ run/)
    expect(out).toMatch(/✓ the server logged no errors/)
    expect(out).not.toMatch(/✗/)
  }, 480_000)
})
