import { ReportwrightError } from '@reportwright/core'
import type { OccurrenceStore } from './occurrence-store'
import type { OccurrenceRetention } from './scheduler-types'

/** The default retention: 90 days, each schedule's newest 100 kept, pruned hourly. */
export const DEFAULT_OCCURRENCE_RETENTION = {
  maxAgeMs: 90 * 24 * 3_600_000,
  keepLast: 100,
  intervalMs: 3_600_000,
} as const satisfies Required<OccurrenceRetention>

/** The runners' `occurrenceRetention` option with its defaults, or `undefined` when off. */
export function retentionPolicy(
  option: OccurrenceRetention | false | undefined,
): Required<OccurrenceRetention> | undefined {
  if (option === false) return undefined
  const policy = { ...DEFAULT_OCCURRENCE_RETENTION, ...option }
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new ReportwrightError({
        code: 'INVALID_DEFINITION',
        message: `occurrenceRetention.${name} must be a number of 0 or more (got ${String(value)}).`,
        details: { option: `occurrenceRetention.${name}` },
      })
    }
  }
  return policy
}

/**
 * Adds one failed occurrence to a schedule's streak and resolves the new streak: one atomic step
 * when the store has `incrementFailures`, else a read and a write.
 */
export async function countFailure(store: OccurrenceStore, scheduleId: string): Promise<number> {
  if (store.incrementFailures) return store.incrementFailures(scheduleId)
  const state = await store.getScheduleState(scheduleId)
  const failures = state.consecutiveFailures + 1
  await store.setScheduleState(scheduleId, { ...state, consecutiveFailures: failures })
  return failures
}
