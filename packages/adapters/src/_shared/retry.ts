import { ReportwrightError } from '@reportwright/core'

/** How a delivery adapter retries transient failures. */
export interface RetryOptions {
  /** Attempts in all, the first included. Defaults to `4`. */
  readonly attempts?: number
  /** Delay before the first retry; doubles each time. Defaults to `500` ms. */
  readonly baseDelayMs?: number
  /** Largest delay between two attempts. Defaults to `10_000` ms. */
  readonly maxDelayMs?: number
  /** Waits between attempts; tests pass one that returns at once. Defaults to `setTimeout`. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** Source of jitter in `[0, 1)`. Defaults to `Math.random`. */
  readonly random?: () => number
}

/** Thrown inside an attempt to say whether another attempt may help. */
export class AttemptError extends Error {
  override readonly name = 'AttemptError'
  readonly transient: boolean
  constructor(message: string, options: { readonly transient: boolean; readonly cause?: unknown }) {
    super(message, { cause: options.cause })
    this.transient = options.transient
  }
}

/** Sleeps `ms`, or rejects with the abort reason when `signal` fires first. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal))
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(abortError(signal))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function abortError(signal: AbortSignal | undefined): ReportwrightError {
  return new ReportwrightError({
    code: 'CANCELLED',
    message: 'The delivery was cancelled.',
    cause: signal?.reason,
  })
}

/** Throws CANCELLED when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal)
}

/** The wait before retry number `index + 1`: `base * 2^index` capped, plus up to 50 % jitter. */
export function backoffDelay(index: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? 500
  const max = options.maxDelayMs ?? 10_000
  const delay = Math.min(max, base * 2 ** index)
  return delay + Math.floor((options.random ?? Math.random)() * delay * 0.5)
}

/**
 * Runs `attempt` until it succeeds, a permanent {@link AttemptError} is thrown, or the attempts
 * run out; waits `base * 2^n` plus up to 50 % jitter in between ("full jitter" halves the mean
 * but keeps the order of magnitude).
 */
export async function withRetry<TResult>(
  attempt: (index: number) => Promise<TResult>,
  options: RetryOptions & { readonly signal?: AbortSignal; readonly adapter: string },
): Promise<TResult> {
  const attempts = Math.max(1, options.attempts ?? 4)
  const sleep = options.sleep ?? defaultSleep
  let last: unknown
  for (let index = 0; index < attempts; index++) {
    throwIfAborted(options.signal)
    try {
      return await attempt(index)
    } catch (error) {
      last = error
      if (options.signal?.aborted) throwIfAborted(options.signal)
      const transient = error instanceof AttemptError ? error.transient : false
      if (!transient || index === attempts - 1) break
      await sleep(backoffDelay(index, options), options.signal)
    }
  }
  const reason = last instanceof Error ? last.message : String(last)
  throw new ReportwrightError({
    code: 'DELIVERY_FAILED',
    message: `[reportwright] [${options.adapter}] ${reason}`,
    cause: last,
  })
}
