import { randomUUID } from 'node:crypto'
import { ReportwrightError, silentLogger } from '@reportwright/core'
import type {
  Lease,
  RequestContext,
  RunRecord,
  RunResult,
  ScheduleSpec,
  StoredSchedule,
} from '@reportwright/core'
import { backoffDelay, planCatchUp } from './catch-up'
import { countFailure, retentionPolicy } from './occurrence-retention'
import { systemClock } from './clock'
import { nextRuns, runsBetween } from './next-runs'
import { storageOccurrenceStore } from './occurrence-store'
import type { OccurrenceKey, OccurrenceRecord, ScheduleRunState } from './occurrence-store'
import { notifyPaused } from './pause-notifier'
import type { ScheduleOwner, Scheduler, SchedulerOptions, TickResult } from './scheduler-types'
import { validateSchedule } from './validate-schedule'
import { errorText, schedulerEvents } from './scheduler-events'

/** Codes a retry cannot fix: the report itself is wrong for this schema or this user. */
const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'INVALID_DEFINITION',
  'UNKNOWN_FIELD',
  'FORBIDDEN_FIELD',
  'TENANT_REQUIRED',
  'LIMIT_EXCEEDED',
  'NOT_FOUND',
  'FORBIDDEN',
  'SCHEMA_DRIFT',
])
/** Marks an occurrence another process claimed first. */
const CLAIMED = 'CLAIMED'
/** Occurrences that have ended. */
const FINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'skipped', 'cancelled'])
/** Missed occurrences stored as `skipped` per schedule and poll; older ones are only counted. */
const MAX_SKIPPED_RECORDS = 100

interface Failure {
  readonly code: string
  readonly message: string
  readonly retryable: boolean
}

type Outcome =
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'interrupted' }
  | ({ readonly kind: 'failed' } & Failure)

/**
 * Creates the in-process scheduler: each poll lists due schedules, turns their fire times into
 * occurrences (catch-up policy, jitter), claims each with a storage lease and calls
 * `engine.run()` with `trigger: 'schedule'` and `scheduledFor` = `asOf` = the fire time. An
 * occurrence (scheduleId, fireTime) runs at most once at a time across instances sharing the
 * storage and occurrence store, and ends once: succeeded, failed after its retries, or skipped.
 *
 * @example
 * ```ts
 * const scheduler = createScheduler({ engine, instanceId: hostname(), catchUp: 'once' })
 * scheduler.start()
 * process.on('SIGTERM', () => void scheduler.stop())
 * ```
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const {
    engine,
    instanceId = `scheduler-${randomUUID()}`,
    pollIntervalMs = 15_000,
    leaseTtlMs = 60_000,
    catchUp = 'once',
    catchUpLimit = 10,
    missedAfterMs = 5 * 60_000,
    concurrency = 4,
    tenantConcurrency = 2,
    jitterMs = 10_000,
    random = Math.random,
    pauseAfterFailures = 3,
    checkBeforeRun = true,
    stopTimeoutMs = 30_000,
    batchSize = 500,
    clock = systemClock,
    logger = silentLogger,
  } = options
  const retry = {
    attempts: Math.max(1, options.retry?.attempts ?? 3),
    baseDelayMs: options.retry?.baseDelayMs ?? 30_000,
    maxDelayMs: options.retry?.maxDelayMs ?? 15 * 60_000,
  }
  const storage = options.storage ?? engine.storage
  const leases = storage.leases
  if (!leases) {
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message:
        'The scheduler needs storage with leases: pass `storage` (memoryStorage() or sqlStorage()) whose `leases` repository is set.',
      details: { option: 'storage' },
    })
  }
  const occurrences = options.occurrences ?? storageOccurrenceStore(storage)
  const retention = retentionPolicy(options.occurrenceRetention)
  let prunedAt = -Infinity
  const contextFor =
    options.contextFor ??
    ((owner: ScheduleOwner): RequestContext => ({
      userId: owner.ownerId,
      ...(owner.tenantId !== undefined ? { tenantId: owner.tenantId } : {}),
      roles: [],
    }))

  const events = schedulerEvents(logger)
  // Schedules seen at planning, to tell cheaply whether a held schedule has a new fire time.
  const specCache = new Map<string, ScheduleSpec>()
  const inFlight = new Map<string, { promise: Promise<OccurrenceRecord>; abort: AbortController }>()
  const perTenant = new Map<string, number>()
  let pollTimer: unknown
  let running = false
  let stopping = false
  let polling: Promise<unknown> | undefined

  const keyOf = (key: OccurrenceKey): string => `${key.scheduleId}@${key.fireTime.toISOString()}`
  const keyFields = (key: OccurrenceKey): OccurrenceKey => ({
    scheduleId: key.scheduleId,
    fireTime: key.fireTime,
  })
  const emit = events.emit
  const describe = errorText

  /* --- planning: due schedules → occurrences --- */

  async function planSchedule(
    due: StoredSchedule,
    now: Date,
    counts: { scheduled: number; skipped: number },
  ): Promise<void> {
    const state = await occurrences.getScheduleState(due.reportId)
    if (state.paused) {
      await storage.schedules.setNextRun(due.reportId, undefined)
      return
    }
    if (due.nextRunAt) {
      const held = await occurrences.get({ scheduleId: due.reportId, fireTime: due.nextRunAt })
      // Open here: ours to finish. Plan again only when a later fire time has come.
      if (held && !FINAL_STATUSES.has(held.status)) {
        const cached = specCache.get(due.reportId)
        const [latest] = await occurrences.listBySchedule(due.reportId, 1)
        if (
          cached &&
          runsBetween(cached, { after: latest?.fireTime ?? held.fireTime, until: now }, 1)
            .length === 0
        )
          return
      }
      // Another process held it and the schedule still waits on it: it may have died, try again.
      if (held?.status === 'skipped' && held.error?.code === CLAIMED) {
        await reopenClaimed(due.reportId, now)
        return
      }
    }
    const context = await contextFor(due)
    const report = await storage.reports.get(context, due.reportId)
    const spec = report?.definition.schedule
    if (!report || !spec?.enabled) {
      await storage.schedules.setNextRun(due.reportId, undefined)
      return
    }
    let schedule: ScheduleSpec
    try {
      schedule = validateSchedule(spec)
      specCache.set(due.reportId, schedule)
    } catch (error) {
      await pauseSchedule(due, state, {
        reason: `Its schedule is invalid: ${describe(error)}`,
        lastError: { code: 'INVALID_DEFINITION', message: describe(error) },
      })
      return
    }
    // A schedule never computed starts from its last change, so an occurrence due between the
    // change and this poll is not lost.
    const first =
      due.nextRunAt ?? nextRuns(schedule, new Date(report.updatedAt.getTime() - 1), 1)[0]
    if (!first || first.getTime() > now.getTime()) {
      await storage.schedules.setNextRun(due.reportId, first)
      return
    }
    const dueTimes = runsBetween(schedule, { after: new Date(first.getTime() - 1), until: now })
    const plan = planCatchUp(dueTimes, { policy: catchUp, now, missedAfterMs, limit: catchUpLimit })
    const owner = {
      ...(due.tenantId !== undefined ? { tenantId: due.tenantId } : {}),
      ownerId: due.ownerId,
    }
    for (const fireTime of plan.run) {
      const onTime = now.getTime() - fireTime.getTime() <= missedAfterMs
      const delay = onTime && jitterMs > 0 ? Math.floor(random() * jitterMs) : 0
      const { record, created } = await occurrences.create({
        scheduleId: due.reportId,
        fireTime,
        ...owner,
        status: 'pending',
        notBefore: new Date(fireTime.getTime() + delay),
      })
      if (created) {
        counts.scheduled++
        emit({ type: 'occurrence:scheduled', occurrence: record })
      }
    }
    for (const fireTime of plan.skip.slice(-MAX_SKIPPED_RECORDS)) {
      const { record, created } = await occurrences.create({
        scheduleId: due.reportId,
        fireTime,
        ...owner,
        status: 'skipped',
        notBefore: fireTime,
        finishedAt: now,
        error: { code: 'MISSED', message: `Missed while no scheduler ran (catch-up: ${catchUp})` },
      })
      if (created) {
        counts.skipped++
        emit({ type: 'occurrence:skipped', occurrence: record })
      }
    }
    counts.skipped += Math.max(0, plan.skip.length - MAX_SKIPPED_RECORDS)
    await reopenClaimed(due.reportId, now)
    await holdOrAdvance(due.reportId, nextRuns(schedule, now, 1)[0])
  }

  /**
   * Occurrences another process had claimed go back to `pending` once its lease could have
   * expired: if it finished them, the run history says so; if it died, this instance runs them.
   */
  async function reopenClaimed(scheduleId: string, now: Date): Promise<void> {
    for (const record of await occurrences.listBySchedule(scheduleId, 50)) {
      if (
        record.status === 'skipped' &&
        record.error?.code === CLAIMED &&
        record.notBefore.getTime() <= now.getTime()
      )
        await occurrences.update(
          keyFields(record),
          { status: 'pending', error: undefined, notBefore: now },
          record.version,
        )
    }
  }

  /**
   * Keeps a schedule due at its earliest occurrence not yet ended, so every instance polling
   * sees it until it ends (and one can take it over from a dead one); else moves it to `next`.
   */
  async function holdOrAdvance(scheduleId: string, next: Date | undefined): Promise<void> {
    const open = (await occurrences.listBySchedule(scheduleId, 50)).filter(
      (record) => !FINAL_STATUSES.has(record.status),
    )
    await storage.schedules.setNextRun(scheduleId, open.at(-1)?.fireTime ?? next)
  }

  /* --- starting and running attempts --- */

  function hasCapacity(tenantId: string | undefined): boolean {
    return inFlight.size < concurrency && (perTenant.get(tenantId ?? '') ?? 0) < tenantConcurrency
  }

  async function startOccurrence(candidate: OccurrenceRecord, now: Date): Promise<boolean> {
    const key = keyOf(candidate)
    if (inFlight.has(key) || !hasCapacity(candidate.tenantId)) return false
    const tenant = candidate.tenantId ?? ''
    // Reserve the slot before any await so one poll never starts more than the limits allow.
    perTenant.set(tenant, (perTenant.get(tenant) ?? 0) + 1)
    const abort = new AbortController()
    let settle: (record: OccurrenceRecord) => void = () => undefined
    const promise = new Promise<OccurrenceRecord>((resolve) => (settle = resolve))
    inFlight.set(key, { promise, abort })
    const free = (): void => {
      inFlight.delete(key)
      perTenant.set(tenant, Math.max(0, (perTenant.get(tenant) ?? 1) - 1))
    }

    const current = await occurrences.get(candidate)
    const ready =
      current &&
      (current.status === 'pending' || current.status === 'retrying') &&
      current.notBefore.getTime() <= now.getTime()
    const started = ready
      ? await occurrences.update(
          keyFields(current),
          {
            status: 'running',
            attempt: current.attempt + 1,
            holder: instanceId,
            startedAt: clock.now(),
          },
          current.version,
        )
      : undefined
    if (!started) {
      free()
      return false
    }
    // The record says who in this store runs it; the lease says who in any process does.
    const lease = await leases?.claim(
      { scheduleId: started.scheduleId, dueAt: started.fireTime },
      instanceId,
      leaseTtlMs,
    )
    if (!lease) {
      // Another process runs it: step aside until planning sees the schedule still held by it.
      await occurrences.update(
        keyFields(started),
        {
          status: 'skipped',
          attempt: started.attempt - 1,
          holder: undefined,
          // Ask again once its lease could have expired.
          notBefore: new Date(now.getTime() + leaseTtlMs),
          error: { code: CLAIMED, message: 'Another scheduler instance holds this occurrence' },
        },
        started.version,
      )
      free()
      return false
    }
    emit({ type: 'occurrence:started', occurrence: started })
    void attempt(started, lease, abort.signal)
      .catch((error: unknown) => {
        emit({ type: 'error', message: describe(error), key: keyFields(started) })
        return started
      })
      .then((record) => {
        free()
        settle(record)
      })
    return true
  }

  async function attempt(
    record: OccurrenceRecord,
    lease: Lease,
    signal: AbortSignal,
  ): Promise<OccurrenceRecord> {
    let renewTimer: unknown
    const lost = new AbortController()
    const renew = (): void => {
      renewTimer = clock.setTimeout(
        () => {
          void leases?.renew(lease).then(
            (kept) => (kept ? renew() : lost.abort(new Error('lease lost'))),
            () => renew(),
          )
        },
        Math.max(1, Math.floor(leaseTtlMs / 3)),
      )
    }
    renew()
    const runSignal = AbortSignal.any([signal, lost.signal])
    let outcome: Outcome
    const runIds: string[] = []
    try {
      outcome = await perform(record, runSignal, runIds)
    } catch (error) {
      const rw = ReportwrightError.fromUnknown(error, 'QUERY_FAILED')
      outcome = {
        kind: 'failed',
        code: rw.code,
        message: rw.message,
        retryable: !PERMANENT_CODES.has(rw.code),
      }
    } finally {
      clock.clearTimeout(renewTimer)
    }
    if (lost.signal.aborted && outcome.kind !== 'succeeded') outcome = { kind: 'interrupted' }
    try {
      return await finishAttempt(record, outcome, runIds)
    } finally {
      await leases?.release(lease).catch(() => undefined)
    }
  }

  async function perform(
    record: OccurrenceRecord,
    signal: AbortSignal,
    runIds: string[],
  ): Promise<Outcome> {
    const context = await contextFor({ reportId: record.scheduleId, ...record })
    const report = await storage.reports.get(context, record.scheduleId)
    if (!report) return { kind: 'skipped', reason: 'The report was deleted' }
    if (!report.definition.schedule?.enabled)
      return { kind: 'skipped', reason: 'The report schedule was disabled' }
    // The run history is shared even when occurrence stores are not: never redo a delivered one,
    // and (holding the lease) close runs a dead instance left `running`.
    const history = await occurrenceRuns(context, record)
    const done = history.find((run) => run.status === 'succeeded')
    if (done) {
      runIds.push(done.id)
      return { kind: 'succeeded' }
    }
    const dangling = await finishDanglingRuns(record, history)
    if (dangling.length > 0) {
      runIds.push(...dangling)
      emit({ type: 'occurrence:abandoned', occurrence: { ...record, abandoned: true } })
    }
    if (checkBeforeRun) {
      const check = await engine.check(report.definition, { context })
      const problem = check.problems[0]
      if (!check.ok && problem) {
        const drift = problem.problem !== 'error'
        const code = drift ? 'SCHEMA_DRIFT' : problem.code
        return {
          kind: 'failed',
          code,
          message: problem.message,
          retryable: !PERMANENT_CODES.has(code),
        }
      }
    }
    if (signal.aborted) return { kind: 'interrupted' }
    const result: RunResult = await engine.run(record.scheduleId, {
      context,
      trigger: 'schedule',
      scheduledFor: record.fireTime,
      asOf: record.fireTime,
      // Every attempt at one occurrence sends the same message: receivers can drop repeats.
      idempotencyKey: `schedule:${record.scheduleId}:${record.fireTime.toISOString()}`,
      signal,
    })
    runIds.push(result.id)
    if (result.status === 'succeeded') return { kind: 'succeeded' }
    if (result.status === 'cancelled') return { kind: 'interrupted' }
    const code = result.error?.code ?? 'QUERY_FAILED'
    // Someone already got the email: a retry would send it again, and delivery is at most once.
    const delivered = result.deliveries.some((delivery) => delivery.accepted.length > 0)
    return {
      kind: 'failed',
      code,
      message: result.error?.message ?? 'The run failed',
      retryable: !delivered && !PERMANENT_CODES.has(code),
    }
  }

  /** The scheduled runs of one occurrence in the shared run history (the latest 50 runs). */
  async function occurrenceRuns(
    context: RequestContext,
    record: OccurrenceRecord,
  ): Promise<readonly RunRecord[]> {
    const page = await storage.runs.listByReport(context, record.scheduleId, { limit: 50 })
    return page.items.filter(
      (run) =>
        run.trigger === 'schedule' && run.scheduledFor?.getTime() === record.fireTime.getTime(),
    )
  }

  async function finishAttempt(
    record: OccurrenceRecord,
    outcome: Outcome,
    runIds: readonly string[],
  ): Promise<OccurrenceRecord> {
    const now = clock.now()
    const base = { holder: undefined, runIds: [...record.runIds, ...runIds] }
    let patch: Partial<OccurrenceRecord>
    switch (outcome.kind) {
      case 'succeeded':
        patch = { ...base, status: 'succeeded', finishedAt: now, error: undefined }
        break
      case 'skipped':
        patch = {
          ...base,
          status: 'skipped',
          finishedAt: now,
          error: { code: 'SKIPPED', message: outcome.reason },
        }
        break
      case 'interrupted':
        // Stopped or lost its lease: hand it back without spending an attempt.
        patch = { ...base, status: 'retrying', attempt: record.attempt - 1, notBefore: now }
        break
      case 'failed': {
        const error = { code: outcome.code, message: outcome.message }
        patch =
          outcome.retryable && record.attempt < retry.attempts
            ? {
                ...base,
                status: 'retrying',
                error,
                notBefore: new Date(now.getTime() + backoffDelay(record.attempt, retry)),
              }
            : { ...base, status: 'failed', error, finishedAt: now }
        break
      }
    }
    const updated = await occurrences.update(keyFields(record), patch, record.version)
    if (!updated) {
      // Another instance took the occurrence over (we were presumed dead): its record wins.
      logger.warn(
        { scheduleId: record.scheduleId, fireTime: record.fireTime },
        'occurrence taken over',
      )
      return (await occurrences.get(record)) ?? record
    }
    // An ended occurrence lets the schedule move on: the next poll plans what follows it.
    if (FINAL_STATUSES.has(updated.status))
      await holdOrAdvance(updated.scheduleId, new Date(updated.fireTime.getTime() + 1))
    await afterFinal(updated)
    return updated
  }

  async function afterFinal(record: OccurrenceRecord): Promise<void> {
    switch (record.status) {
      case 'succeeded': {
        emit({ type: 'occurrence:succeeded', occurrence: record })
        const state = await occurrences.getScheduleState(record.scheduleId)
        if (state.consecutiveFailures > 0)
          await occurrences.setScheduleState(record.scheduleId, {
            ...state,
            consecutiveFailures: 0,
          })
        return
      }
      case 'retrying':
        emit({ type: 'occurrence:retrying', occurrence: record })
        return
      case 'skipped':
        emit({ type: 'occurrence:skipped', occurrence: record })
        return
      case 'failed': {
        emit({ type: 'occurrence:failed', occurrence: record })
        const failures = await countFailure(occurrences, record.scheduleId)
        const state = await occurrences.getScheduleState(record.scheduleId)
        if (failures >= pauseAfterFailures && !state.paused) {
          await pauseSchedule(
            { reportId: record.scheduleId, ...record },
            { ...state, consecutiveFailures: failures },
            {
              reason: `${failures} scheduled runs in a row failed; the last one: ${record.error?.message ?? 'unknown error'}`,
              ...(record.error ? { lastError: record.error } : {}),
            },
          )
        }
        return
      }
      default:
        return
    }
  }

  async function pauseSchedule(
    owner: ScheduleOwner,
    state: ScheduleRunState,
    why: {
      readonly reason: string
      readonly lastError?: { readonly code: string; readonly message: string }
    },
  ): Promise<void> {
    await occurrences.setScheduleState(owner.reportId, {
      ...state,
      paused: true,
      pausedReason: why.reason,
    })
    await storage.schedules.setNextRun(owner.reportId, undefined)
    const notice = {
      scheduleId: owner.reportId,
      ...(owner.tenantId !== undefined ? { tenantId: owner.tenantId } : {}),
      ownerId: owner.ownerId,
      reason: why.reason,
      consecutiveFailures: state.consecutiveFailures,
      ...(why.lastError ? { lastError: why.lastError } : {}),
      pausedAt: clock.now(),
    }
    logger.warn({ scheduleId: owner.reportId, reason: why.reason }, 'schedule paused')
    emit({ type: 'schedule:paused', notice })
    await notifyPaused(notice, {
      ...(options.notifyOwner ? { notifyOwner: options.notifyOwner } : {}),
      ...(options.webhook ? { webhook: options.webhook } : {}),
      logger,
    })
  }

  /* --- abandoned runs --- */

  async function recoverAbandoned(now: Date): Promise<number> {
    let recovered = 0
    for (const record of await occurrences.listRunning(batchSize)) {
      if (inFlight.has(keyOf(record))) continue
      // The claim succeeds only when the holder's lease expired (or this instance held it before a restart).
      const lease = await leases?.claim(
        { scheduleId: record.scheduleId, dueAt: record.fireTime },
        instanceId,
        leaseTtlMs,
      )
      if (!lease) continue
      try {
        const current = await occurrences.get(record)
        if (current?.status !== 'running') continue
        // The dead attempt's run joins the record, so its history shows every attempt.
        const closed = await finishDanglingRuns(current)
        const runIds = [...current.runIds, ...closed.filter((id) => !current.runIds.includes(id))]
        const error = {
          code: 'ABANDONED',
          message: `Instance ${current.holder ?? 'unknown'} stopped while running this occurrence`,
        }
        const retryOnce = !current.abandoned
        const updated = await occurrences.update(
          keyFields(current),
          retryOnce
            ? {
                status: 'retrying',
                holder: undefined,
                abandoned: true,
                error,
                runIds,
                notBefore: now,
              }
            : {
                status: 'failed',
                holder: undefined,
                abandoned: true,
                error,
                runIds,
                finishedAt: now,
              },
          current.version,
        )
        if (!updated) continue
        recovered++
        emit({ type: 'occurrence:abandoned', occurrence: updated })
        if (updated.status === 'failed') {
          await holdOrAdvance(updated.scheduleId, new Date(updated.fireTime.getTime() + 1))
          await afterFinal(updated)
        }
      } finally {
        await leases?.release(lease).catch(() => undefined)
      }
    }
    return recovered
  }

  /** Ends the runs a dead instance left `running` and resolves their ids (the history shows it). */
  async function finishDanglingRuns(
    record: OccurrenceRecord,
    known?: readonly RunRecord[],
  ): Promise<string[]> {
    const finished: string[] = []
    try {
      const context = await contextFor({ reportId: record.scheduleId, ...record })
      for (const run of known ?? (await occurrenceRuns(context, record))) {
        if (run.status === 'running') {
          await storage.runs.finish(context, run.id, {
            status: 'failed',
            rowCount: run.rowCount,
            error: { code: 'ABANDONED', message: 'The scheduler instance running it stopped' },
          })
          finished.push(run.id)
        }
      }
    } catch (error) {
      logger.warn(
        { scheduleId: record.scheduleId, error: describe(error) },
        'could not close an abandoned run',
      )
    }
    return finished
  }

  /* --- polling --- */

  async function poll(
    now: Date,
  ): Promise<{ counts: Omit<TickResult, 'finished'>; started: Promise<OccurrenceRecord>[] }> {
    const counts = { scheduled: 0, skipped: 0 }
    if (retention && now.getTime() - prunedAt >= retention.intervalMs) {
      prunedAt = now.getTime()
      await pruneHistory(now)
    }
    const abandoned = await recoverAbandoned(now)
    for (const due of await storage.schedules.listDue(now, batchSize)) {
      try {
        await planSchedule(due, now, counts)
      } catch (error) {
        logger.error(
          { scheduleId: due.reportId, error: describe(error) },
          'could not plan a schedule',
        )
        emit({ type: 'error', message: describe(error) })
      }
    }
    const started: Promise<OccurrenceRecord>[] = []
    if (!stopping) {
      for (const candidate of await occurrences.listReady(
        now,
        Math.max(batchSize, concurrency * 50),
      )) {
        if (inFlight.size >= concurrency) break
        if (await startOccurrence(candidate, now)) {
          const flight = inFlight.get(keyOf(candidate))
          if (flight) started.push(flight.promise)
        }
      }
    }
    return { counts: { ...counts, started: started.length, abandoned }, started }
  }

  /** Deletes ended occurrences past the retention window; a failure only logs. */
  async function pruneHistory(now: Date): Promise<void> {
    if (!retention || !occurrences.pruneOccurrences) return
    try {
      await occurrences.pruneOccurrences({
        olderThan: new Date(now.getTime() - retention.maxAgeMs),
        keepLast: retention.keepLast,
      })
    } catch (error) {
      logger.warn({ error: describe(error) }, 'could not prune occurrence history')
    }
  }

  function schedulePoll(delayMs: number): void {
    pollTimer = clock.setTimeout(() => {
      polling = poll(clock.now())
        .catch((error: unknown) => {
          logger.error({ error: describe(error) }, 'scheduler poll failed')
          emit({ type: 'error', message: describe(error) })
        })
        .finally(() => {
          polling = undefined
          if (running) schedulePoll(pollIntervalMs)
        })
    }, delayMs)
  }

  return {
    occurrences,

    start() {
      if (running) return
      running = true
      stopping = false
      schedulePoll(0)
    },

    async stop() {
      running = false
      stopping = true
      clock.clearTimeout(pollTimer)
      await polling
      const flights = [...inFlight.values()]
      let timer: unknown
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = clock.setTimeout(() => resolve('timeout'), stopTimeoutMs)
      })
      const all = Promise.allSettled(flights.map((flight) => flight.promise))
      if ((await Promise.race([all, timedOut])) === 'timeout') {
        for (const flight of flights) flight.abort.abort(new Error('scheduler stopped'))
        await all
      }
      clock.clearTimeout(timer)
    },

    async tick(now = clock.now()) {
      const { counts, started } = await poll(now)
      const finished = await Promise.all(started)
      return { ...counts, finished }
    },

    subscribe: events.subscribe,

    async pause(scheduleId, reason = 'Paused by a user') {
      const state = await occurrences.getScheduleState(scheduleId)
      await occurrences.setScheduleState(scheduleId, {
        ...state,
        paused: true,
        pausedReason: reason,
      })
      await storage.schedules.setNextRun(scheduleId, undefined)
    },

    async resume(scheduleId) {
      await occurrences.setScheduleState(scheduleId, { paused: false, consecutiveFailures: 0 })
      // Due now: the next poll recomputes the next fire time from the schedule (nothing missed runs).
      await storage.schedules.setNextRun(scheduleId, new Date(clock.now().getTime() + 1))
      emit({ type: 'schedule:resumed', scheduleId })
    },
  }
}
