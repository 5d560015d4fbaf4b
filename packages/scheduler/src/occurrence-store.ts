import { OCCURRENCE_STATUSES } from '@reportwright/core'
import type {
  NewOccurrence,
  OccurrenceKey,
  OccurrenceRecord,
  OccurrenceRepository,
  OccurrenceStatus,
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
}

const READY: ReadonlySet<OccurrenceStatus> = new Set(['pending', 'retrying'])

/**
 * An {@link OccurrenceStore} in memory: the default, shared by instances in one process. Keeps
 * the newest `maxFinished` final occurrences (default 10,000) and forgets older ones.
 */
export function memoryOccurrenceStore(
  options: { readonly maxFinished?: number } = {},
): OccurrenceStore {
  const maxFinished = options.maxFinished ?? 10_000
  const records = new Map<string, OccurrenceRecord>()
  // Keys of pending, retrying and running occurrences, so polls never scan the history.
  const active = new Set<string>()
  const finished: string[] = []
  // Keys per schedule, so a schedule's history costs its own size, not the store's.
  const bySchedule = new Map<string, Set<string>>()
  const states = new Map<string, ScheduleRunState>()
  const keyOf = (key: OccurrenceKey): string => `${key.scheduleId}@${key.fireTime.toISOString()}`
  // Records are replaced, never changed in place: a copy only needs its own Dates and arrays.
  const copy = (record: OccurrenceRecord): OccurrenceRecord => ({
    ...record,
    fireTime: new Date(record.fireTime),
    notBefore: new Date(record.notBefore),
    runIds: [...record.runIds],
    ...(record.startedAt ? { startedAt: new Date(record.startedAt) } : {}),
    ...(record.finishedAt ? { finishedAt: new Date(record.finishedAt) } : {}),
    ...(record.error ? { error: { ...record.error } } : {}),
  })

  const forget = (key: string): void => {
    const record = records.get(key)
    records.delete(key)
    if (record) bySchedule.get(record.scheduleId)?.delete(key)
  }
  const remember = (key: string, record: OccurrenceRecord): void => {
    records.set(key, record)
    let keys = bySchedule.get(record.scheduleId)
    if (!keys) bySchedule.set(record.scheduleId, (keys = new Set()))
    keys.add(key)
    if (READY.has(record.status) || record.status === 'running') active.add(key)
    else {
      active.delete(key)
      finished.push(key)
      while (finished.length > maxFinished) {
        const old = finished.shift()
        if (old !== undefined && old !== key) forget(old)
      }
    }
  }

  return {
    async create(occurrence) {
      const key = keyOf(occurrence)
      const existing = records.get(key)
      if (existing) return { record: copy(existing), created: false }
      const record: OccurrenceRecord = {
        ...copy({ ...occurrence, attempt: 0, runIds: [], version: 1 }),
        attempt: 0,
        runIds: [],
        version: 1,
      }
      remember(key, record)
      return { record: copy(record), created: true }
    },
    async get(key) {
      const record = records.get(keyOf(key))
      return record ? copy(record) : undefined
    },
    async update(key, patch, expectedVersion) {
      const id = keyOf(key)
      const current = records.get(id)
      if (!current || current.version !== expectedVersion) return undefined
      const next = copy({ ...current, ...patch, version: current.version + 1 })
      remember(id, next)
      return copy(next)
    },
    async listReady(now, limit) {
      return [...active]
        .map((key) => records.get(key))
        .filter(
          (record): record is OccurrenceRecord =>
            record !== undefined &&
            READY.has(record.status) &&
            record.notBefore.getTime() <= now.getTime(),
        )
        .sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime())
        .slice(0, limit)
        .map(copy)
    },
    async listRunning(limit) {
      return [...active]
        .map((key) => records.get(key))
        .filter((record): record is OccurrenceRecord => record?.status === 'running')
        .slice(0, limit)
        .map(copy)
    },
    async listBySchedule(scheduleId, limit) {
      return [...(bySchedule.get(scheduleId) ?? [])]
        .map((key) => records.get(key))
        .filter((record): record is OccurrenceRecord => record !== undefined)
        .sort((a, b) => b.fireTime.getTime() - a.fireTime.getTime())
        .slice(0, limit)
        .map(copy)
    },
    async getScheduleState(scheduleId) {
      return { ...(states.get(scheduleId) ?? { paused: false, consecutiveFailures: 0 }) }
    },
    async setScheduleState(scheduleId, state) {
      states.set(scheduleId, { ...state })
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
  return {
    create: (occurrence) => records.create(occurrence),
    get: (key) => records.get(key),
    update: (key, patch, expectedVersion) => records.update(key, patch, expectedVersion),
    listReady: (now, limit) => records.listReady(now, limit),
    listRunning: (limit) => records.listRunning(limit),
    listBySchedule: (scheduleId, limit) => records.listBySchedule(scheduleId, limit),
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
