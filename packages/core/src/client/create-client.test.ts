import { describe, expect, it } from 'vitest'
import { isReportwrightError } from '../errors/reportwright-error'
import { createClient } from './create-client'

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

const DAILY = { enabled: true, frequency: 'daily', time: '09:00', timezone: 'UTC' } as const

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  )
}

describe('createClient responses', () => {
  it('checks a response against its schema when asked, and passes it through when not', async () => {
    const malformed = { runs: 'not a list' }
    const checking = createClient({
      baseUrl: 'http://api.test/reports',
      fetch: async () => json(malformed),
      validateResponses: true,
    })
    const error = await caught(checking.previewSchedule(DAILY))
    expect(isReportwrightError(error) && error.message).toMatch(/unexpected shape/)

    const trusting = createClient({
      baseUrl: 'http://api.test/reports',
      fetch: async () => json({ runs: ['2026-01-01T09:00:00.000Z'] }),
      validateResponses: false,
    })
    await expect(trusting.previewSchedule(DAILY)).resolves.toEqual(['2026-01-01T09:00:00.000Z'])
  })

  it('turns an error body into a ReportwrightError with its code, message, details and status', async () => {
    const client = createClient({
      baseUrl: 'http://api.test/reports',
      fetch: async () =>
        json(
          { error: { code: 'FORBIDDEN_FIELD', message: 'No cost', details: { field: 'cost' } } },
          403,
        ),
    })
    const error = await caught(client.getReport('r1'))
    expect(isReportwrightError(error)).toBe(true)
    if (!isReportwrightError(error)) return
    expect(error.code).toBe('FORBIDDEN_FIELD')
    expect(error.message).toBe('No cost')
    expect(error.details).toEqual({ field: 'cost', status: 403 })
  })

  it('falls back to the status when the error body is not the API’s', async () => {
    for (const body of [{ error: 'nope' }, { error: { code: 1, message: 'x' } }, [1, 2]]) {
      const client = createClient({
        baseUrl: 'http://api.test/reports',
        fetch: async () => json(body, 404),
      })
      const error = await caught(client.getRun('r1'))
      expect(isReportwrightError(error) && error.code).toBe('NOT_FOUND')
    }
  })
})
