import { OCCURRENCE_STATUSES, memoryOccurrences } from '@reportwright/core'
import type {
  NewOccurrence,
  OccurrenceKey,
  OccurrenceRecord,
  OccurrenceRepository,
  OccurrenceStatus,
  PruneOccurrencesOptions,
  ScheduleRepository,
  StorageAdapter,
} from '@reportwright/core'

// The record shape lives in core's storage port, so SQL storage can keep it for every process.
export { OCCURRENCE_STATUSES }
export type { NewOccurrence, OccurrenceKey, OccurrenceRecord, OccurrenceStatus }

/** A schedule's own state in the runner: pause flag and failure streak. */
export interface ScheduleRunState {
  readonly paused: boolean
  readonly pausedReason?: string
  readonly consecutiveFailures: number
}

/**
 * The scheduler's record of occurrences, keyed by (scheduleId, fireTime), plus each schedule's
 * pause state and failure streak. Instances that share a store share the idempotency guarantee;
 * `update` is a compare-and-set on `version`.
 */
export interface OccurrenceStore extends OccurrenceRepository {
  getScheduleState(scheduleId: string): Promise<ScheduleRunState>
  setScheduleState(scheduleId: string, state: ScheduleRunState): Promise<void>
  /**
   * Adds one to the failure streak in one atomic step and resolves the new streak. Optional: the
   * runners otherwise read the state and write it back, which can lose a count when processes
   * fail the same schedule at once.
   */
  incrementFailures?(scheduleId: string): Promise<number>
}

/**
 * An {@link OccurrenceStore} in memory: the default, shared by instances in one process. The
 * occurrence records are core's `memoryOccurrences` (newest `maxFinished` final ones kept,
 * default 10,000); pause state and failure streaks sit beside them.
 */
export function memoryOccurrenceStore(
  options: { readonly maxFinished?: number } = {},
): OccurrenceStore {
  const states = new Map<string, ScheduleRunState>()
  return {
    ...memoryOccurrences(options),
    async getScheduleState(scheduleId) {
      return { ...(states.get(scheduleId) ?? { paused: false, consecutiveFailures: 0 }) }
    },
    async setScheduleState(scheduleId, state) {
      states.set(scheduleId, { ...state })
    },
    async incrementFailures(scheduleId) {
      const state = states.get(scheduleId) ?? { paused: false, consecutiveFailures: 0 }
      const consecutiveFailures = state.consecutiveFailures + 1
      states.set(scheduleId, { ...state, consecutiveFailures })
      return consecutiveFailures
    },
  }
}

/**
 * An {@link OccurrenceStore} on the storage port: occurrences in `storage.occurrences` and pause
 * state and failure streaks on the schedules (`get`, `setPaused`, `setFailureStreak`), so every
 * scheduler process on one database sees the same attempts, abandoned flags and pauses. What the
 * storage does not declare stays in `fallback` (default: a new {@link memoryOccurrenceStore}).
 * `createScheduler` uses it by default.
 */
export function storageOccurrenceStore(
  storage: Pick<StorageAdapter, 'schedules' | 'occurrences'>,
  fallback: OccurrenceStore = memoryOccurrenceStore(),
): OccurrenceStore {
  const records: OccurrenceRepository = storage.occurrences ?? fallback
  const schedules = scheduleState(storage.schedules)
  const store: OccurrenceStore = {
    create: (occurrence) => records.create(occurrence),
    get: (key) => records.get(key),
    update: (key, patch, expectedVersion) => records.update(key, patch, expectedVersion),
    listReady: (now, limit) => records.listReady(now, limit),
    listRunning: (limit) => records.listRunning(limit),
    listBySchedule: (scheduleId, limit) => records.listBySchedule(scheduleId, limit),
    async pruneOccurrences(options: PruneOccurrencesOptions) {
      return (await records.pruneOccurrences?.(options)) ?? 0
    },
    async incrementFailures(scheduleId) {
      const increment = storage.schedules.incrementFailureStreak?.bind(storage.schedules)
      if (schedules && increment) return increment(scheduleId)
      if (!schedules) return (await fallback.incrementFailures?.(scheduleId)) ?? 0
      // A storage with pause state but no atomic step: read, then write.
      const state = await store.getScheduleState(scheduleId)
      await schedules.setFailureStreak(scheduleId, state.consecutiveFailures + 1)
      return state.consecutiveFailures + 1
    },
    async getScheduleState(scheduleId) {
      if (!schedules) return fallback.getScheduleState(scheduleId)
      const schedule = await schedules.get(scheduleId)
      return {
        paused: schedule?.paused ?? false,
        ...(schedule?.pausedReason !== undefined ? { pausedReason: schedule.pausedReason } : {}),
        consecutiveFailures: schedule?.consecutiveFailures ?? 0,
      }
    },
    async setScheduleState(scheduleId, state) {
      if (!schedules) return fallback.setScheduleState(scheduleId, state)
      await schedules.setFailureStreak(scheduleId, state.consecutiveFailures)
      await schedules.setPaused(scheduleId, state.paused, state.pausedReason)
    },
  }
  return store
}

/** The schedule repository when it declares every pause-state capability, else `undefined`. */
function scheduleState(
  schedules: ScheduleRepository,
): Required<Pick<ScheduleRepository, 'get' | 'setPaused' | 'setFailureStreak'>> | undefined {
  const { get, setPaused, setFailureStreak } = schedules
  if (!get || !setPaused || !setFailureStreak) return undefined
  return {
    get: (reportId) => get.call(schedules, reportId),
    setPaused: (reportId, paused, reason) => setPaused.call(schedules, reportId, paused, reason),
    setFailureStreak: (reportId, count) => setFailureStreak.call(schedules, reportId, count),
  }
}
