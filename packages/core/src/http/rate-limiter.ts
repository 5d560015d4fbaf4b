import type { RequestContext } from '../context/request-context'

/** What a {@link RateLimiter} decides for one request. */
export interface RateLimitDecision {
  readonly allowed: boolean
  /** When refused: seconds until a retry may succeed. */
  readonly retryAfterSeconds?: number
}

/** Decides whether a request may go on; hosts can plug in Redis or their gateway's limiter. */
export interface RateLimiter {
  consume(context: RequestContext): RateLimitDecision | Promise<RateLimitDecision>
}

/** A fixed-window budget. */
export interface RateLimitWindow {
  readonly limit: number
  readonly windowMs: number
}

/** Options of {@link memoryRateLimiter}. */
export interface MemoryRateLimiterOptions {
  /** Requests per user. Defaults to 300 a minute. */
  readonly perUser?: RateLimitWindow
  /** Requests per tenant (all its users). Defaults to 3,000 a minute. */
  readonly perTenant?: RateLimitWindow
  /** Source of "now". Defaults to the system clock. */
  readonly clock?: { now(): Date }
}

// Beyond this many tracked keys, expired windows are swept so memory stays bounded.
const SWEEP_THRESHOLD = 10_000

/**
 * A per-user and per-tenant fixed-window limiter kept in memory (one process). Use a shared
 * store's limiter behind {@link RateLimiter} when the API runs on several machines.
 */
export function memoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter {
  const perUser = options.perUser ?? { limit: 300, windowMs: 60_000 }
  const perTenant = options.perTenant ?? { limit: 3_000, windowMs: 60_000 }
  const clock = options.clock ?? { now: () => new Date() }
  const windows = new Map<string, { start: number; count: number }>()

  const take = (key: string, budget: RateLimitWindow, now: number): number | undefined => {
    let window = windows.get(key)
    if (!window || now - window.start >= budget.windowMs) {
      window = { start: now, count: 0 }
      windows.set(key, window)
    }
    if (window.count >= budget.limit)
      return Math.max(1, Math.ceil((window.start + budget.windowMs - now) / 1000))
    window.count++
    return undefined
  }

  return {
    consume(context) {
      const now = clock.now().getTime()
      if (windows.size > SWEEP_THRESHOLD) {
        const longest = Math.max(perUser.windowMs, perTenant.windowMs)
        for (const [key, window] of windows) if (now - window.start >= longest) windows.delete(key)
      }
      const tenant = context.tenantId ?? ''
      const userWait = take(`u\u0000${tenant}\u0000${context.userId}`, perUser, now)
      if (userWait !== undefined) return { allowed: false, retryAfterSeconds: userWait }
      if (context.tenantId !== undefined) {
        const tenantWait = take(`t\u0000${tenant}`, perTenant, now)
        if (tenantWait !== undefined) return { allowed: false, retryAfterSeconds: tenantWait }
      }
      return { allowed: true }
    },
  }
}
