import type {
  OccurrenceKey,
  OccurrenceRecord,
  OccurrenceRepository,
  OccurrenceStatus,
} from '../ports/storage-adapter'

const READY_STATUSES: ReadonlySet<OccurrenceStatus> = new Set(['pending', 'retrying'])

/** Options of {@link memoryOccurrences}. */
export interface MemoryOccurrencesOptions {
  /** Final occurrences kept; older ones are forgotten so a long-lived process stays bounded. Defaults to 10,000. */
  readonly maxFinished?: number
}

/**
 * The reference {@link OccurrenceRepository}: one map, compare-and-set on `version`. memoryStorage
 * uses it, and so does the scheduler's in-process store.
 */
export function memoryOccurrences({
  maxFinished = 10_000,
}: MemoryOccurrencesOptions = {}): OccurrenceRepository &
  Required<Pick<OccurrenceRepository, 'pruneOccurrences'>> {
  const records = new Map<string, OccurrenceRecord>()
  // Open occurrences, so polls never scan the history.
  const active = new Set<string>()
  const finished: string[] = []
  // Keys per schedule, so a schedule's history costs its own size, not the store's.
  const bySchedule = new Map<string, Set<string>>()
  const keyOf = (key: OccurrenceKey): string => `${key.scheduleId}@${key.fireTime.toISOString()}`
  const copy = (record: OccurrenceRecord): OccurrenceRecord => ({
    ...record,
    fireTime: new Date(record.fireTime),
    notBefore: new Date(record.notBefore),
    runIds: [...record.runIds],
    ...(record.startedAt ? { startedAt: new Date(record.startedAt) } : {}),
    ...(record.finishedAt ? { finishedAt: new Date(record.finishedAt) } : {}),
    ...(record.error ? { error: { ...record.error } } : {}),
  })
  // A patch may set a key to `undefined` to clear it: drop such keys from the stored object.
  const compact = (record: OccurrenceRecord): OccurrenceRecord =>
    Object.fromEntries(
      Object.entries(record).filter(([, value]) => value !== undefined),
    ) as unknown as OccurrenceRecord
  const remember = (key: string, record: OccurrenceRecord): void => {
    records.set(key, record)
    let keys = bySchedule.get(record.scheduleId)
    if (!keys) bySchedule.set(record.scheduleId, (keys = new Set()))
    keys.add(key)
    if (READY_STATUSES.has(record.status) || record.status === 'running') {
      active.add(key)
      return
    }
    active.delete(key)
    finished.push(key)
    while (finished.length > maxFinished) {
      const old = finished.shift()
      const forgotten = old !== undefined && old !== key && !active.has(old) && records.get(old)
      if (forgotten) {
        records.delete(old)
        bySchedule.get(forgotten.scheduleId)?.delete(old)
      }
    }
  }
  const open = (): OccurrenceRecord[] =>
    [...active].flatMap((key) => {
      const record = records.get(key)
      return record ? [record] : []
    })

  return {
    async create(occurrence) {
      const key = keyOf(occurrence)
      const existing = records.get(key)
      if (existing) return { record: copy(existing), created: false }
      const record = compact(copy({ ...occurrence, attempt: 0, runIds: [], version: 1 }))
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
      const next = compact(
        copy({
          ...current,
          ...patch,
          scheduleId: current.scheduleId,
          fireTime: current.fireTime,
          version: current.version + 1,
        }),
      )
      remember(id, next)
      return copy(next)
    },
    async listReady(now, limit) {
      return open()
        .filter(
          (record) =>
            READY_STATUSES.has(record.status) && record.notBefore.getTime() <= now.getTime(),
        )
        .sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime())
        .slice(0, Math.max(0, limit))
        .map(copy)
    },
    async listRunning(limit) {
      return open()
        .filter((record) => record.status === 'running')
        .slice(0, Math.max(0, limit))
        .map(copy)
    },
    async pruneOccurrences({ olderThan, keepLast = 0 }) {
      let deleted = 0
      for (const [scheduleId, keys] of bySchedule) {
        const newestFirst = [...keys]
          .flatMap((key) => {
            const record = records.get(key)
            return record ? [{ key, record }] : []
          })
          .sort((a, b) => b.record.fireTime.getTime() - a.record.fireTime.getTime())
        for (const { key, record } of newestFirst.slice(Math.max(0, Math.floor(keepLast)))) {
          if (active.has(key) || record.fireTime.getTime() >= olderThan.getTime()) continue
          records.delete(key)
          keys.delete(key)
          deleted++
        }
        if (keys.size === 0) bySchedule.delete(scheduleId)
      }
      return deleted
    },
    async listBySchedule(scheduleId, limit) {
      return [...(bySchedule.get(scheduleId) ?? [])]
        .flatMap((key) => {
          const record = records.get(key)
          return record ? [record] : []
        })
        .sort((a, b) => b.fireTime.getTime() - a.fireTime.getTime())
        .slice(0, Math.max(0, limit))
        .map(copy)
    },
  }
}
