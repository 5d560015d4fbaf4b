import { describe, expect, it } from 'vitest'
import { importLib } from './import-lib'
import { AttemptError, backoffDelay, withRetry } from './retry'

describe('withRetry', () => {
  it('backs off exponentially with up to 50 % jitter, capped', () => {
    const none = { random: () => 0 }
    const most = { random: () => 0.999 }
    expect([0, 1, 2, 3].map((i) => backoffDelay(i, { ...none, baseDelayMs: 100 }))).toEqual([
      100, 200, 400, 800,
    ])
    expect(backoffDelay(2, { ...most, baseDelayMs: 100 })).toBe(599)
    expect(backoffDelay(10, { ...none, baseDelayMs: 100, maxDelayMs: 1_000 })).toBe(1_000)
  })

  it('retries transient failures only, waiting between attempts', async () => {
    const waits: number[] = []
    const sleep = async (ms: number) => void waits.push(ms)
    let calls = 0
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw new AttemptError('busy', { transient: true })
        return 'ok'
      },
      { adapter: 'test', sleep, random: () => 0, baseDelayMs: 10 },
    )
    expect([result, calls, waits]).toEqual(['ok', 3, [10, 20]])

    calls = 0
    const error = await withRetry(
      async () => {
        calls++
        throw new AttemptError('550 no', { transient: false })
      },
      { adapter: 'test', sleep },
    ).catch((cause: unknown) => cause as Error & { code: string })
    expect([error.code, error.message, calls]).toEqual([
      'DELIVERY_FAILED',
      '[reportwright] [test] 550 no',
      1,
    ])
  })
})

describe('importLib', () => {
  it('names the package and the fix when an optional peer is missing', async () => {
    const error = await importLib(
      'smtp',
      { name: 'not-installed-pkg', version: '^1' },
      {
        load: () => import('not-installed-pkg' as string),
      },
    ).then(
      () => undefined,
      (cause: unknown) => cause as Error & { code: string },
    )
    expect(error?.code).toBe('SOURCE_UNAVAILABLE')
    expect(error?.message).toMatch(
      /^\[reportwright\] \[smtp\] Cannot load "not-installed-pkg": install it .* or provide it via the `lib` option\.$/,
    )
  })

  it('prefers the lib option over import()', async () => {
    const lib = { marker: true }
    expect(
      await importLib(
        'x',
        { name: 'x', version: '1' },
        { lib: () => lib, load: () => Promise.reject(new Error('no')) },
      ),
    ).toBe(lib)
  })
})
