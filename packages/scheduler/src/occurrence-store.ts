/** Where an occurrence stands. `retrying` waits for `notBefore`; the last four are final. */
export const OCCURRENCE_STATUSES = [
  'pending',
  'running',
  'retrying',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
] as const
/** One of {@link OCCURRENCE_STATUSES}. */
export type OccurrenceStatus = (typeof OCCURRENCE_STATUSES)[number]

/** The idempotency key of an occurrence: one schedule, one fire time. */
export interface OccurrenceKey {
  readonly scheduleId: string
  readonly fireTime: Date
}

/** One occurrence of a schedule and every attempt at running it. */
export interface OccurrenceRecord extends OccurrenceKey {
  readonly tenantId?: string
  readonly ownerId: string
  readonly status: OccurrenceStatus
  /** Attempts started so far (1 while the first runs). */
  readonly attempt: number
  /** Not started before this instant (jitter, or retry backoff). */
  readonly notBefore: Date
  /** The run ids of the attempts, oldest first. */
  readonly runIds: readonly string[]
  /** The instance running it, while `running`. */
  readonly holder?: string
  readonly startedAt?: Date
  readonly finishedAt?: Date
  /** True once an attempt was found abandoned (its instance died); it is retried once. */
  readonly abandoned?: boolean
  /** Why the last attempt failed, or why the occurrence was skipped. */
  readonly error?: { readonly code: string; readonly message: string }
  /** Bumped by every change; updates compare it so two instances never both win. */
  readonly version: number
}

/** What {@link OccurrenceStore.create} stores. */
export type NewOccurrence = Omit<OccurrenceRecord, 'version' | 'runIds' | 'attempt'>

/** A schedule's own state in the runner: pause flag and failure streak. */
export interface ScheduleRunState {
  readonly paused: boolean
  readonly pausedReason?: string
  readonly consecutiveFailures: number
}

/**
 * The scheduler's record of occurrences, keyed by (scheduleId, fireTime). Instances that share
 * a store share the idempotency guarantee; `update` is a compare-and-set on `version`.
 */
export interface OccurrenceStore {
  /** Inserts the occurrence unless it exists; resolves the stored one and whether it is new. */
  create(
    occurrence: NewOccurrence,
  ): Promise<{ readonly record: OccurrenceRecord; readonly created: boolean }>
  get(key: OccurrenceKey): Promise<OccurrenceRecord | undefined>
  /** Applies `patch` when the stored version is `expectedVersion`; else resolves `undefined`. */
  update(
    key: OccurrenceKey,
    patch: Partial<Omit<OccurrenceRecord, 'scheduleId' | 'fireTime' | 'version'>>,
    expectedVersion: number,
  ): Promise<OccurrenceRecord | undefined>
  /** `pending` and `retrying` occurrences whose `notBefore` has come, oldest first. */
  listReady(now: Date, limit: number): Promise<readonly OccurrenceRecord[]>
  /** `running` occurrences, to find those whose instance died. */
  listRunning(limit: number): Promise<readonly OccurrenceRecord[]>
  /** A schedule's occurrences, newest first. */
  listBySchedule(scheduleId: string, limit: number): Promise<readonly OccurrenceRecord[]>
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
