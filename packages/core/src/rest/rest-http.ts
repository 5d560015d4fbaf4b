import { isReportwrightError } from '../errors/reportwright-error'
import type { ReportwrightError } from '../errors/reportwright-error'
import { restError } from './rest-errors'

/** Time as a REST source sees it; inject one in tests to observe waits without sleeping. */
export interface RestClock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms`, or rejects (with anything) once `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** How a REST source retries 429 and 5xx answers and failed connections. */
export interface RestRetryOptions {
  /** Retries after the first attempt. Defaults to 3. */
  readonly attempts?: number
  /** First backoff delay; it doubles with every retry. Defaults to 250 ms. */
  readonly baseDelayMs?: number
  /**
   * Longest wait before a retry. A `Retry-After` asking for more fails at once with
   * `rate_limited`. Defaults to 30,000 ms.
   */
  readonly maxDelayMs?: number
}

/** The `fetch` a REST source calls (the global one by default). */
export type RestFetch = (input: string, init: RequestInit) => Promise<Response>

/** Everything the HTTP client needs, resolved from the source options. */
export interface RestHttpConfig {
  readonly baseUrl: URL
  readonly headers: Readonly<Record<string, string>>
  readonly timeoutMs: number
  readonly maxBytes: number
  readonly maxRedirects: number
  readonly retry: Required<RestRetryOptions>
  readonly fetch: RestFetch
  readonly clock: RestClock
}

/**
 * Time a stream may spend waiting on the API (requests and retry waits, not the consumer):
 * the REST counterpart of a statement timeout. `spentMs` grows as requests run.
 */
export interface RestTimeBudget {
  readonly limitMs: number
  spentMs: number
}

/** Per-request context: cancellation and the stream's time budget. */
export interface RestRequestOptions {
  readonly signal?: AbortSignal | undefined
  /** Past it the stream fails with `statement_timeout`. */
  readonly budget?: RestTimeBudget | undefined
  /** Extra headers (the tenant header). */
  readonly headers?: Readonly<Record<string, string>>
}

/** A parsed JSON answer. */
export interface RestResponse {
  readonly body: unknown
  readonly headers: Headers
  /** The URL that answered (after same-base redirects). */
  readonly url: URL
}

/** The default clock: wall time and a sleep that stops when the signal aborts. */
export const systemClock: RestClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error)
        return
      }
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(signal?.reason as Error)
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      signal?.addEventListener('abort', onAbort, { once: true })
    }),
}

/** True when `url` is http(s), on the base URL's origin and under its path. */
export function isWithinBase(url: URL, base: URL): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  if (url.origin !== base.origin || url.username !== '' || url.password !== '') return false
  const prefix = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`
  return url.pathname === base.pathname || url.pathname.startsWith(prefix)
}

/** Origin and path only: queries may carry keys or tenant ids, so messages never show them. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`
}

class Retryable extends Error {
  constructor(
    readonly failure: ReportwrightError,
    readonly delayMs: number | undefined,
  ) {
    super(failure.message)
  }
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `now`. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined
  const text = header.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000)
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/**
 * GETs JSON from a URL inside the base URL: per-request timeout, `maxBytes`, same-base redirects
 * only, 429 (`Retry-After`), 5xx and connection failures retried with exponential backoff.
 */
export async function getJson(
  config: RestHttpConfig,
  url: URL,
  options: RestRequestOptions,
): Promise<RestResponse> {
  const { retry, clock } = config
  for (let attempt = 0; ; attempt++) {
    checkActive(options)
    try {
      return await attemptOnce(config, url, options)
    } catch (error) {
      if (!(error instanceof Retryable)) throw error
      const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt)
      const delay = error.delayMs ?? backoff
      if (attempt >= retry.attempts) throw error.failure
      if (error.delayMs !== undefined && error.delayMs > retry.maxDelayMs)
        throw restError({
          reason:
            error.failure.details?.reason === 'server_error' ? 'server_error' : 'rate_limited',
          message: `${describeUrl(url)} asked to retry after ${error.delayMs} ms, more than retry.maxDelayMs (${retry.maxDelayMs} ms). Try again later or raise retry.maxDelayMs.`,
          details: { retryAfterMs: error.delayMs },
          cause: error.failure,
        })
      const { budget } = options
      if (budget && budget.spentMs + delay > budget.limitMs) throw statementTimeout(budget)
      try {
        await clock.sleep(delay, options.signal)
      } catch (cause) {
        throw cancelled(cause)
      }
      if (budget) budget.spentMs += delay
    }
  }
}

function checkActive(options: RestRequestOptions): void {
  if (options.signal?.aborted) throw cancelled(options.signal.reason)
  const { budget } = options
  if (budget && budget.spentMs >= budget.limitMs) throw statementTimeout(budget)
}

function cancelled(cause: unknown): Error {
  return restError({ reason: 'cancelled', message: 'The request was cancelled.', cause })
}

function statementTimeout(budget: RestTimeBudget): Error {
  return restError({
    reason: 'statement_timeout',
    message: `The report waited on the API past the statement timeout of ${budget.limitMs} ms; narrow the report (filters, fewer rows) or raise limits.statementTimeoutMs.`,
    details: { limit: 'statementTimeoutMs', statementTimeoutMs: budget.limitMs },
  })
}

async function attemptOnce(
  config: RestHttpConfig,
  url: URL,
  options: RestRequestOptions,
): Promise<RestResponse> {
  const { clock } = config
  const { budget } = options
  const controller = new AbortController()
  const remaining = budget ? Math.max(0, budget.limitMs - budget.spentMs) : Infinity
  const allowed = Math.min(config.timeoutMs, remaining)
  const started = clock.now()
  let expired: 'timeout' | 'budget' | undefined
  const timer = setTimeout(() => {
    expired = allowed === config.timeoutMs ? 'timeout' : 'budget'
    controller.abort()
  }, allowed)
  const onAbort = (): void => controller.abort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    let current = url
    for (let redirects = 0; ; redirects++) {
      const response = await config.fetch(current.href, {
        method: 'GET',
        headers: { accept: 'application/json', ...config.headers, ...options.headers },
        redirect: 'manual',
        signal: controller.signal,
      })
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel().catch(() => undefined)
        const next = new URL(response.headers.get('location') as string, current)
        if (!isWithinBase(next, config.baseUrl))
          throw restError({
            reason: 'redirect_refused',
            message: `${describeUrl(current)} redirected outside the declared base URL (to ${next.protocol === 'http:' || next.protocol === 'https:' ? next.origin : next.protocol}); only redirects under ${describeUrl(config.baseUrl)} are followed.`,
            details: { status: response.status },
          })
        if (redirects >= config.maxRedirects)
          throw restError({
            reason: 'too_many_redirects',
            message: `${describeUrl(url)} redirected more than ${config.maxRedirects} times.`,
          })
        current = next
        continue
      }
      return await readResponse(config, current, response)
    }
  } catch (error) {
    if (isReportwrightError(error) || error instanceof Retryable) throw error
    if (options.signal?.aborted) throw cancelled(options.signal.reason)
    if (expired === 'budget' && budget) throw statementTimeout(budget)
    if (expired === 'timeout')
      throw new Retryable(
        restError({
          reason: 'timeout',
          message: `${describeUrl(url)} did not answer within ${config.timeoutMs} ms; raise timeoutMs or check the API.`,
          details: { timeoutMs: config.timeoutMs },
        }),
        undefined,
      )
    throw new Retryable(
      restError({
        reason: 'network',
        message: `${describeUrl(url)} could not be reached: ${networkMessage(error)}. Check the base URL and that the API is up.`,
        cause: error,
      }),
      undefined,
    )
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
    if (budget) budget.spentMs += clock.now() - started
  }
}

function networkMessage(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined
  if (cause && typeof cause.code === 'string') return cause.code
  return error instanceof Error ? error.message : String(error)
}

async function readResponse(
  config: RestHttpConfig,
  url: URL,
  response: Response,
): Promise<RestResponse> {
  const { status } = response
  if (status === 429 || status >= 500) {
    await response.body?.cancel().catch(() => undefined)
    const delay =
      status === 429 || status === 503
        ? retryAfterMs(response.headers.get('retry-after'), config.clock.now())
        : undefined
    const failure =
      status === 429
        ? restError({
            reason: 'rate_limited',
            message: `${describeUrl(url)} kept answering 429 Too Many Requests after ${config.retry.attempts} retries; try again later.`,
            details: { status },
          })
        : restError({
            reason: 'server_error',
            message: `${describeUrl(url)} kept answering ${status} after ${config.retry.attempts} retries; check the API.`,
            details: { status },
          })
    throw new Retryable(failure, delay)
  }
  if (status < 200 || status >= 300) {
    await response.body?.cancel().catch(() => undefined)
    if (status === 401 || status === 403)
      throw restError({
        reason: 'unauthorized',
        message: `${describeUrl(url)} answered ${status}: the API refused the credentials. Check the headers or auth of the source.`,
        details: { status },
      })
    throw restError({
      reason: 'http_status',
      message: `${describeUrl(url)} answered ${status}${status === 404 ? ': check the endpoint path' : ''}.`,
      details: { status },
    })
  }
  const text = await readBody(config, url, response)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (cause) {
    throw restError({
      reason: 'bad_json',
      message: `${describeUrl(url)} did not answer with JSON.`,
      details: { contentType: response.headers.get('content-type') },
      cause,
    })
  }
  return { body, headers: response.headers, url }
}

async function readBody(config: RestHttpConfig, url: URL, response: Response): Promise<string> {
  const tooLarge = () =>
    restError({
      reason: 'too_large',
      message: `${describeUrl(url)} answered with more than maxBytes (${config.maxBytes} bytes); use smaller pages or raise maxBytes.`,
      details: { limit: 'maxBytes', maxBytes: config.maxBytes },
    })
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > config.maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw tooLarge()
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > config.maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
