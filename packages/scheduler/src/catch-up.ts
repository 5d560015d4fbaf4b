import type { CatchUpPolicy } from './scheduler-types'

/** Which due fire times to run and which to skip. */
export interface CatchUpPlan {
  readonly run: readonly Date[]
  readonly skip: readonly Date[]
}

/** Options of {@link planCatchUp}. */
export interface PlanCatchUpOptions {
  readonly policy: CatchUpPolicy
  readonly now: Date
  /** Older than this (ms before `now`) counts as missed. */
  readonly missedAfterMs: number
  /** Most missed occurrences `all` runs. */
  readonly limit: number
}

/**
 * Applies a catch-up policy to the due fire times (oldest first). Fire times within
 * `missedAfterMs` of `now` are on time and always run; the policy decides about older ones.
 */
export function planCatchUp(due: readonly Date[], options: PlanCatchUpOptions): CatchUpPlan {
  const { policy, now, missedAfterMs, limit } = options
  const cutoff = now.getTime() - missedAfterMs
  const missed = due.filter((date) => date.getTime() < cutoff)
  const onTime = due.filter((date) => date.getTime() >= cutoff)
  let caughtUp: Date[]
  switch (policy) {
    case 'skip':
      caughtUp = []
      break
    case 'once':
      caughtUp = missed.slice(-1)
      break
    case 'all':
      caughtUp = missed.slice(-Math.max(1, limit))
      break
  }
  const chosen = new Set(caughtUp.map((date) => date.getTime()))
  return {
    run: [...caughtUp, ...onTime],
    skip: missed.filter((date) => !chosen.has(date.getTime())),
  }
}

/** Delay before attempt `attempt + 1`: `base · 2^(attempt − 1)`, at most `max`. */
export function backoffDelay(
  attempt: number,
  policy: { readonly baseDelayMs: number; readonly maxDelayMs: number },
): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
}
