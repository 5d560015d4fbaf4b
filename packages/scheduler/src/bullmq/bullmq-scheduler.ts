import { randomUUID } from 'node:crypto'
import { ReportwrightError, silentLogger } from '@reportwright/core'
import type {
  Lease,
  Logger,
  OccurrenceRepository,
  RequestContext,
  RunRecord,
  RunResult,
  ScheduleSpec,
  StoredReport,
  StoredSchedule,
} from '@reportwright/core'
import { planCatchUp } from '../catch-up'
import { systemClock } from '../clock'
import type { Clock } from '../clock'
import { jitterOffset } from '../jitter-offset'
import { previousRun, runsBetween } from '../next-runs'
import { countFailure, retentionPolicy } from '../occurrence-retention'
import { storageOccurrenceStore } from '../occurrence-store'
import type { OccurrenceRecord, OccurrenceStore } from '../occurrence-store'
import { notifyPaused } from '../pause-notifier'
import type {
  CatchUpPolicy,
  OccurrenceRetention,
  PauseWebhook,
  RetryPolicy,
  ScheduleOwner,
  SchedulerEngine,
  SchedulerEvent,
  SchedulePausedNotice,
} from '../scheduler-types'
import { validateSchedule } from '../validate-schedule'
import type { BullmqJobLike, BullmqLib, BullmqQueueLike, BullmqWorkerLike } from './bullmq-types'
import { jobSchedulerPlan, schedulerId } from './job-scheduler-plan'
import type { ScheduledJobData } from './job-scheduler-plan'
import { tenantSlots } from './tenant-slots'
import type { TenantSlots } from './tenant-slots'
import { errorText, schedulerEvents } from '../scheduler-events'

export type { BullmqJobLike, BullmqLib, BullmqQueueLike, BullmqWorkerLike } from './bullmq-types'
export type { ScheduledJobData } from './job-scheduler-plan'
export type { RedisEvalLike } from './tenant-slots'

/** The bullmq version range this subpath is tested with. */
export const BULLMQ_DEPENDENCY = { name: 'bullmq', version: '^6.7.0' } as const

/** How far a queue's cron library may place a run from croner's fire time (a DST shift). */
const MAX_DST_SHIFT_MS = 2 * 60 * 60_000
/** Missed occurrences stored as `skipped` per catch-up; older ones are only counted. */
const MAX_SKIPPED_RECORDS = 100
/** How long a job waits before asking again for a full tenant's slot or a held occurrence. */
const BUSY_RETRY_MS = 1_000
/** Occurrences that have ended. */
const FINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'skipped', 'cancelled'])
/** Codes a retry cannot fix. */
const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'INVALID_DEFINITION',
  'UNKNOWN_FIELD',
  'FORBIDDEN_FIELD',
  'TENANT_REQUIRED',
  'LIMIT_EXCEEDED',
  'NOT_FOUND',
  'FORBIDDEN',
])

/** What a job resolves with; `skipped` says why nothing ran. */
export interface ScheduledJobResult {
  readonly fireTime?: string
  readonly runId?: string
  readonly status: 'succeeded' | 'skipped'
  readonly reason?: string
}

/** Options of {@link bullmqScheduler}. */
export interface BullmqSchedulerOptions {
  /** Runs and checks the reports; its storage holds the reports and the run history. */
  readonly engine: SchedulerEngine
  /**
   * A Redis client BullMQ accepts, e.g. `new IORedis(url, { maxRetriesPerRequest: null })`. The
   * host owns it and closes it after `stop()`. Per-tenant limits need an ioredis client (not
   * connection options).
   */
  readonly connection: object
  /** Defaults to `'reportwright-schedules'`. */
  readonly queueName?: string
  /** BullMQ key prefix. Defaults to BullMQ's (`bull`). */
  readonly prefix?: string
  /** Jobs one worker runs at once. Defaults to 4. */
  readonly concurrency?: number
  /**
   * Runs at once across every worker of the queue (BullMQ's global concurrency, set by
   * `start()`). Defaults to none beyond each worker's `concurrency`.
   */
  readonly globalConcurrency?: number
  /**
   * Runs of one tenant at once across every worker, so one tenant's many due schedules cannot
   * starve another's: a job over the limit waits (without spending an attempt) while others run.
   * `false` turns the limit off. Defaults to 2.
   */
  readonly tenantConcurrency?: number | false
  /**
   * Occurrences start up to this long after their fire time, by an offset fixed per schedule
   * ({@link jitterOffset}), so schedules due at one instant do not hit the database at once. The
   * fire time (and the period the run reports on) stays the nominal one. Defaults to 2 s.
   */
  readonly jitterMs?: number
  /** Occurrences missed while no worker ran. Defaults to `'once'`. */
  readonly catchUp?: CatchUpPolicy
  /** Most missed occurrences `catchUp: 'all'` runs per schedule. Defaults to 10. */
  readonly catchUpLimit?: number
  /** A job first picked up later than this after its fire time counts as missed. Defaults to 5 minutes. */
  readonly missedAfterMs?: number
  /**
   * Time between reconciles: the job schedulers are compared with `storage.schedules.listAll`
   * (the first right after `start()`), and those of added, changed, paused, disabled or deleted
   * schedules are upserted or removed, so saving a report reaches the queue without `sync`.
   * `false` turns it off. Defaults to 60 s; needs the storage's `listAll`.
   */
  readonly reconcileIntervalMs?: number | false
  /** Attempts per occurrence and exponential backoff. Defaults to 3 attempts from 30 s. */
  readonly retry?: RetryPolicy
  /** Start a worker in this process; `false` only manages job schedulers. Defaults to `true`. */
  readonly worker?: boolean
  /**
   * How long a worker's hold on a job (and its storage lease and tenant slot) lasts without
   * renewal: a worker that dies hands its jobs on after about this long. Defaults to 30 s.
   */
  readonly lockDurationMs?: number
  /** How often workers look for jobs of dead workers. Defaults to 30 s. */
  readonly stalledIntervalMs?: number
  /** Calls `engine.check` before each attempt. Defaults to `true`. */
  readonly checkBeforeRun?: boolean
  /** Who a scheduled run runs as. Defaults to the owner, in the report's tenant, with no roles. */
  readonly contextFor?: (schedule: ScheduleOwner) => RequestContext | Promise<RequestContext>
  /** The bullmq module. Defaults to `await import('bullmq')`. */
  readonly lib?: BullmqLib
  /** Defaults to `silentLogger`. */
  readonly logger?: Logger
  /** Consecutive failed occurrences after which a schedule pauses itself. Defaults to 3. */
  readonly pauseAfterFailures?: number
  /** Told (with why) when a schedule pauses itself. Defaults to none. */
  readonly notifyOwner?: (notice: SchedulePausedNotice) => void | Promise<void>
  /** A host webhook told when a schedule pauses itself. Defaults to none. */
  readonly webhook?: PauseWebhook
  /**
   * Occurrence records and pause state. Defaults to `storageOccurrenceStore(engine.storage)`:
   * records go to `storage.occurrences` and pauses to the schedules when the storage declares
   * them (shared by every worker), else they stay in this process.
   */
  readonly occurrences?: OccurrenceStore
  /**
   * Ended occurrence records kept; pruned at `start()` and every `intervalMs`. `false` keeps
   * them. Defaults to 90 days, the newest 100 per schedule kept, hourly.
   */
  readonly occurrenceRetention?: OccurrenceRetention | false
  /** Names this process in leases. Defaults to a random id. */
  readonly instanceId?: string
  /** Stamps records, places jitter and catch-up, runs the timers. Defaults to the system clock. */
  readonly clock?: Clock
}

/** What one reconcile changed. */
export interface ReconcileResult {
  /** Job schedulers created or updated. */
  readonly upserted: number
  /** Job schedulers removed (schedules deleted, disabled, paused or invalid). */
  readonly removed: number
}

/** Schedules on BullMQ job schedulers; see {@link bullmqScheduler}. */
export interface BullmqScheduler {
  readonly queueName: string
  /** Creates, updates or (when absent or disabled) removes the report's job scheduler. */
  sync(report: Pick<StoredReport, 'id' | 'tenantId' | 'ownerId' | 'definition'>): Promise<void>
  /** Removes the report's job scheduler. */
  remove(reportId: string): Promise<void>
  /**
   * Syncs every given report and removes job schedulers of reports not among them. Without
   * `reports`, reconciles with `engine.storage.schedules.listAll` (`INVALID_DEFINITION` when the
   * storage does not declare it).
   */
  syncAll(
    reports?:
      | Iterable<Pick<StoredReport, 'id' | 'tenantId' | 'ownerId' | 'definition'>>
      | AsyncIterable<Pick<StoredReport, 'id' | 'tenantId' | 'ownerId' | 'definition'>>,
  ): Promise<void>
  /**
   * Compares the job schedulers with the stored schedules and upserts or removes only those that
   * differ; what the `reconcileIntervalMs` timer runs.
   */
  reconcile(): Promise<ReconcileResult>
  /** Pauses a schedule: its job scheduler is removed until {@link BullmqScheduler.resume}. */
  pause(reportId: string, reason?: string): Promise<void>
  /** Resumes a paused schedule, clears its failure streak and syncs its job scheduler again. */
  resume(reportId: string): Promise<void>
  /** Starts the queue, the reconcile and retention timers and, unless `worker: false`, the worker. */
  start(): Promise<void>
  /** Lets running jobs finish, then closes the worker and the queue (not the connection). */
  stop(): Promise<void>
  /** Listens to occurrence events of this process's worker. */
  subscribe(listener: (event: SchedulerEvent) => void): () => void
}

/** Thrown inside the processor once a job was put back: the worker leaves it delayed. */
class Deferred extends Error {}

/**
 * The distributed runner: each report's schedule becomes a BullMQ job scheduler (cron pattern
 * from `toCron`, in the schedule's time zone) and workers on any number of machines run the
 * occurrences with `engine.run()` (`trigger: 'schedule'`, `scheduledFor` = `asOf` = the fire time
 * as croner computes it, so DST and month ends behave as in `nextRuns`). Like the in-process
 * runner it spreads simultaneous schedules by a per-schedule jitter, caps runs per tenant and in
 * all, applies the catch-up policy to jobs found late, holds a storage lease per occurrence (when
 * the storage has leases) and retries failed attempts with BullMQ's exponential backoff; an
 * occurrence whose run already succeeded never runs again. A periodic reconcile carries schedule
 * changes from the storage to the queue.
 *
 * @example
 * ```ts
 * const scheduler = bullmqScheduler({ engine, connection: new IORedis(url, { maxRetriesPerRequest: null }) })
 * await scheduler.start()
 * await scheduler.sync(await engine.storage.reports.create(context, definition))
 * ```
 */
export function bullmqScheduler(options: BullmqSchedulerOptions): BullmqScheduler {
  const {
    engine,
    connection,
    queueName = 'reportwright-schedules',
    concurrency = 4,
    tenantConcurrency = 2,
    jitterMs = 2_000,
    catchUp = 'once',
    catchUpLimit = 10,
    missedAfterMs = 5 * 60_000,
    reconcileIntervalMs = 60_000,
    lockDurationMs = 30_000,
    checkBeforeRun = true,
    logger = silentLogger,
    pauseAfterFailures = 3,
    instanceId = `bullmq-${randomUUID()}`,
    clock = systemClock,
  } = options
  const storage = engine.storage
  const states = options.occurrences ?? storageOccurrenceStore(storage)
  // Records are kept only where every worker sees them: a per-process copy would mislead.
  const records: OccurrenceRepository | undefined = options.occurrences ?? storage.occurrences
  const retention = retentionPolicy(options.occurrenceRetention)
  const retry = {
    attempts: Math.max(1, options.retry?.attempts ?? 3),
    baseDelayMs: options.retry?.baseDelayMs ?? 30_000,
  }
  const templateOpts = {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.baseDelayMs },
    removeOnComplete: { count: 1_000 },
    removeOnFail: { count: 5_000 },
  }
  const prefix = options.prefix !== undefined ? { prefix: options.prefix } : {}
  const contextFor =
    options.contextFor ??
    ((owner: ScheduleOwner): RequestContext => ({
      userId: owner.ownerId,
      ...(owner.tenantId !== undefined ? { tenantId: owner.tenantId } : {}),
      roles: [],
    }))
  const events = schedulerEvents(logger)
  let lib: BullmqLib | undefined
  let queue: BullmqQueueLike | undefined
  let worker: BullmqWorkerLike | undefined
  let slots: TenantSlots | undefined
  let running = false
  const timers = new Set<unknown>()
  const chores = new Set<Promise<unknown>>()

  const emit = events.emit
  const describe = errorText

  async function load(): Promise<BullmqLib> {
    if (lib) return lib
    try {
      lib = options.lib ?? ((await import('bullmq')) as unknown as BullmqLib)
    } catch (error) {
      throw new ReportwrightError({
        code: 'SOURCE_UNAVAILABLE',
        message: `[reportwright] [bullmq] could not load bullmq: install ${BULLMQ_DEPENDENCY.name}@${BULLMQ_DEPENDENCY.version} or provide it via the \`lib\` option.`,
        cause: error,
      })
    }
    return lib
  }

  async function openQueue(): Promise<BullmqQueueLike> {
    if (queue) return queue
    const { Queue } = await load()
    queue = new Queue(queueName, { connection, ...prefix })
    return queue
  }

  /* --- job schedulers --- */

  async function upsert(owner: ScheduleOwner, spec: ScheduleSpec): Promise<void> {
    const plan = jobSchedulerPlan(owner, spec, templateOpts)
    await (
      await openQueue()
    ).upsertJobScheduler(plan.id, plan.repeat, {
      name: 'report',
      data: plan.data,
      opts: templateOpts,
    })
  }

  async function sync(
    report: Pick<StoredReport, 'id' | 'tenantId' | 'ownerId' | 'definition'>,
  ): Promise<void> {
    const target = await openQueue()
    const spec = report.definition.schedule
    if (!spec?.enabled || (await states.getScheduleState(report.id)).paused) {
      await target.removeJobScheduler(schedulerId(report.id))
      return
    }
    await upsert({ reportId: report.id, ...report }, spec)
  }

  /** Every stored schedule, page by page from `schedules.listAll`. */
  async function* storedSchedules(): AsyncGenerator<StoredSchedule> {
    const listAll = storage.schedules.listAll?.bind(storage.schedules)
    if (!listAll) {
      throw new ReportwrightError({
        code: 'INVALID_DEFINITION',
        message:
          '[reportwright] [bullmq] syncAll() without reports and reconcile() need storage whose `schedules.listAll` is set (memoryStorage() or sqlStorage()); else pass the reports.',
      })
    }
    let cursor: string | undefined
    do {
      const page = await listAll({ limit: 200, ...(cursor !== undefined ? { cursor } : {}) })
      yield* page.items
      cursor = page.nextCursor
    } while (cursor !== undefined)
  }

  async function reconcile(): Promise<ReconcileResult> {
    const target = await openQueue()
    const existing = new Map<string, string | undefined>()
    for (const scheduler of await target.getJobSchedulers(0, -1)) {
      const data = scheduler.template?.data as Partial<ScheduledJobData> | undefined
      existing.set(scheduler.id ?? scheduler.key, data?.fingerprint)
    }
    const keep = new Set<string>()
    let upserted = 0
    let removed = 0
    for await (const schedule of storedSchedules()) {
      const id = schedulerId(schedule.reportId)
      const paused = schedule.paused ?? (await states.getScheduleState(schedule.reportId)).paused
      if (!schedule.enabled || paused) continue
      const spec =
        schedule.spec ??
        (await storage.reports.get(await contextFor(schedule), schedule.reportId))?.definition
          .schedule
      if (!spec?.enabled) continue
      try {
        const plan = jobSchedulerPlan(schedule, spec, templateOpts)
        keep.add(id)
        if (existing.get(id) === plan.data.fingerprint) continue
        await target.upsertJobScheduler(plan.id, plan.repeat, {
          name: 'report',
          data: plan.data,
          opts: templateOpts,
        })
        upserted++
      } catch (error) {
        // An invalid schedule cannot run: its job scheduler goes, and the host hears why.
        logger.warn({ scheduleId: schedule.reportId, error: describe(error) }, 'invalid schedule')
        emit({ type: 'error', message: `Schedule ${schedule.reportId}: ${describe(error)}` })
      }
    }
    for (const id of existing.keys()) {
      if (id.startsWith('report:') && !keep.has(id)) {
        await target.removeJobScheduler(id)
        removed++
      }
    }
    return { upserted, removed }
  }

  /* --- occurrence records and failure streaks --- */

  function occurrence(
    data: ScheduledJobData,
    fireTime: Date,
    patch: Pick<OccurrenceRecord, 'status' | 'attempt'> & Partial<OccurrenceRecord>,
  ): OccurrenceRecord {
    return {
      scheduleId: data.reportId,
      fireTime,
      ...(data.tenantId !== undefined ? { tenantId: data.tenantId } : {}),
      ownerId: data.ownerId,
      notBefore: fireTime,
      runIds: [],
      version: 0,
      ...patch,
    }
  }

  /** Writes the shared record of one occurrence (compare-and-set, a few tries under contention). */
  async function record(
    data: ScheduledJobData,
    fireTime: Date,
    patch: Pick<OccurrenceRecord, 'status' | 'attempt'> & Partial<OccurrenceRecord>,
  ): Promise<void> {
    if (!records) return
    const key = { scheduleId: data.reportId, fireTime }
    try {
      for (let tries = 0; tries < 5; tries++) {
        const { record: current } = await records.create({
          ...key,
          ...(data.tenantId !== undefined ? { tenantId: data.tenantId } : {}),
          ownerId: data.ownerId,
          status: 'pending',
          notBefore: fireTime,
        })
        const runIds = [...current.runIds, ...(patch.runIds ?? [])]
        if (await records.update(key, { ...patch, runIds }, current.version)) return
      }
    } catch (error) {
      logger.warn({ scheduleId: data.reportId, error: String(error) }, 'could not record')
    }
  }

  async function afterFinal(data: ScheduledJobData, failed: OccurrenceRecord | undefined) {
    if (!failed) {
      const state = await states.getScheduleState(data.reportId)
      if (state.consecutiveFailures > 0)
        await states.setScheduleState(data.reportId, { ...state, consecutiveFailures: 0 })
      return
    }
    const failures = await countFailure(states, data.reportId)
    const state = await states.getScheduleState(data.reportId)
    if (failures < pauseAfterFailures || state.paused) return
    const reason = `${failures} scheduled runs in a row failed; the last one: ${failed.error?.message ?? 'unknown error'}`
    await states.setScheduleState(data.reportId, {
      paused: true,
      pausedReason: reason,
      consecutiveFailures: failures,
    })
    await openQueue().then((target) => target.removeJobScheduler(schedulerId(data.reportId)))
    const notice: SchedulePausedNotice = {
      scheduleId: data.reportId,
      ...(data.tenantId !== undefined ? { tenantId: data.tenantId } : {}),
      ownerId: data.ownerId,
      reason,
      consecutiveFailures: failures,
      ...(failed.error ? { lastError: failed.error } : {}),
      pausedAt: clock.now(),
    }
    logger.warn({ scheduleId: data.reportId, reason }, 'schedule paused')
    emit({ type: 'schedule:paused', notice })
    await notifyPaused(notice, {
      ...(options.notifyOwner ? { notifyOwner: options.notifyOwner } : {}),
      ...(options.webhook ? { webhook: options.webhook } : {}),
      logger,
    })
  }

  /* --- the worker's processor --- */

  /** Puts the job back until `at` without spending an attempt; the worker leaves it delayed. */
  async function defer(
    job: BullmqJobLike<ScheduledJobData>,
    token: string | undefined,
    at: number,
  ): Promise<never> {
    if (!job.moveToDelayed || token === undefined) {
      // A stand-in queue that cannot delay: a plain retryable failure comes back later too.
      throw new Error('[reportwright] [bullmq] the job waits for its turn')
    }
    if (!job.data.deferred) await job.updateData?.({ ...job.data, deferred: true })
    await job.moveToDelayed(at, token)
    throw new Deferred()
  }

  /**
   * Fire times a job scheduler will never produce: BullMQ computes a scheduler's next job from
   * the moment one of its jobs is fetched, so a job fetched late (after downtime, a stall, a
   * wait for its turn or a retry) drops those in between. The catch-up policy decides about
   * `due` (oldest first); resolves whether this job runs its own fire time, and the others that
   * run become catch-up jobs (one id per occurrence, so duplicates collapse).
   */
  async function catchUpFrom(
    data: ScheduledJobData,
    due: readonly Date[],
    fireTime: Date,
    now: Date,
  ): Promise<boolean> {
    const plan = planCatchUp(due, { policy: catchUp, now, missedAfterMs, limit: catchUpLimit })
    const target = await openQueue()
    const owner = {
      reportId: data.reportId,
      ...(data.tenantId !== undefined ? { tenantId: data.tenantId } : {}),
      ownerId: data.ownerId,
    }
    let runsOwn = false
    for (const time of plan.run) {
      if (time.getTime() === fireTime.getTime()) {
        runsOwn = true
        continue
      }
      // One id per occurrence: a second worker planning the same catch-up adds nothing.
      await target.add(
        'report',
        { ...owner, fireTime: time.toISOString() },
        {
          ...templateOpts,
          jobId: `catchup-${data.reportId}-${time.getTime()}`,
          delay: jitterOffset(data.reportId, jitterMs),
        },
      )
    }
    if (records) {
      for (const time of plan.skip.slice(-MAX_SKIPPED_RECORDS)) {
        const { record: skipped, created } = await records.create({
          scheduleId: data.reportId,
          fireTime: time,
          ...owner,
          status: 'skipped',
          notBefore: time,
          finishedAt: now,
          error: { code: 'MISSED', message: `Missed while no worker ran (catch-up: ${catchUp})` },
        })
        if (created) emit({ type: 'occurrence:skipped', occurrence: skipped })
      }
    }
    return runsOwn
  }

  /** Ends the runs a dead worker left `running` for this occurrence; resolves their ids. */
  async function closeDanglingRuns(
    context: RequestContext,
    runs: readonly RunRecord[],
  ): Promise<string[]> {
    const closed: string[] = []
    for (const run of runs) {
      if (run.status !== 'running') continue
      try {
        await storage.runs.finish(context, run.id, {
          status: 'failed',
          rowCount: run.rowCount,
          error: { code: 'ABANDONED', message: 'The worker running it stopped' },
        })
        closed.push(run.id)
      } catch (error) {
        logger.warn({ runId: run.id, error: describe(error) }, 'could not close an abandoned run')
      }
    }
    return closed
  }

  /** Holds a renewable claim (tenant slot, storage lease) until `release`. */
  function keepAlive(renew: () => Promise<unknown>): { stop(): void } {
    let timer: unknown
    const next = (): void => {
      timer = clock.setTimeout(
        () => {
          void renew()
            .catch(() => undefined)
            .finally(next)
        },
        Math.max(1, Math.floor(lockDurationMs / 3)),
      )
    }
    next()
    return { stop: () => clock.clearTimeout(timer) }
  }

  async function process(
    job: BullmqJobLike<ScheduledJobData>,
    token: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<ScheduledJobResult> {
    const data = job.data
    const context = await contextFor(data)
    const report = await engine.storage.reports.get(context, data.reportId)
    const spec = report?.definition.schedule
    if (!report || !spec?.enabled) {
      await openQueue().then((target) => target.removeJobScheduler(schedulerId(data.reportId)))
      return { status: 'skipped', reason: 'The report or its schedule is gone' }
    }
    if ((await states.getScheduleState(data.reportId)).paused) {
      await openQueue().then((target) => target.removeJobScheduler(schedulerId(data.reportId)))
      return { status: 'skipped', reason: 'The schedule is paused' }
    }
    const schedule = validateSchedule(spec)
    let fireTime: Date
    if (data.fireTime !== undefined) {
      fireTime = new Date(data.fireTime)
    } else {
      const scheduledAt = job.opts.prevMillis ?? job.timestamp + (job.opts.delay ?? 0)
      // BullMQ's cron library places DST gaps and month-end candidates its own way: map the job
      // to croner's fire time, and drop jobs that are no occurrence (the 28th of a "30th").
      const mapped = previousRun(schedule, new Date(scheduledAt))
      if (!mapped || scheduledAt - mapped.getTime() > MAX_DST_SHIFT_MS)
        return { status: 'skipped', reason: 'Not an occurrence of the schedule' }
      fireTime = mapped
    }
    const now = clock.now()
    // Judged late only the first time it is picked up: a job put back or retried has waited
    // its turn, not missed it.
    const fresh = job.attemptsMade === 0 && data.fireTime === undefined && !data.deferred
    const late = fresh && now.getTime() - fireTime.getTime() > missedAfterMs
    const later =
      data.fireTime === undefined ? runsBetween(schedule, { after: fireTime, until: now }) : []
    let runsOwn = true
    if (late || later.length > 0) {
      const planned = await catchUpFrom(data, fresh ? [fireTime, ...later] : later, fireTime, now)
      runsOwn = !fresh || planned
    }
    if (!runsOwn)
      return {
        status: 'skipped',
        fireTime: fireTime.toISOString(),
        reason: `Missed (catch-up: ${catchUp})`,
      }
    const known = await records?.get({ scheduleId: data.reportId, fireTime })
    if (known && FINAL_STATUSES.has(known.status))
      return { status: 'skipped', fireTime: fireTime.toISOString(), reason: 'Already ended' }
    if (!late && job.attemptsMade === 0) {
      const startAt = fireTime.getTime() + jitterOffset(data.reportId, jitterMs)
      if (now.getTime() < startAt) await defer(job, token, startAt)
    }

    const holder = `${instanceId}:${job.id ?? randomUUID()}`
    const tenant = data.tenantId ?? ''
    const tenantSlot = slots
    // Spread the retries of a full tenant's jobs over a second, so they do not come back at once.
    if (tenantSlot && !(await tenantSlot.acquire(tenant, holder)))
      await defer(job, token, now.getTime() + BUSY_RETRY_MS + jitterOffset(holder, BUSY_RETRY_MS))
    const leases = storage.leases
    let lease: Lease | undefined
    const claims: { stop(): void }[] = []
    try {
      if (tenantSlot) claims.push(keepAlive(() => tenantSlot.renew(tenant, holder)))
      if (leases) {
        const claimed = await leases.claim(
          { scheduleId: data.reportId, dueAt: fireTime },
          holder,
          lockDurationMs,
        )
        // Another worker runs this occurrence (a second job for it): ask again after it.
        if (!claimed) return await defer(job, token, now.getTime() + BUSY_RETRY_MS)
        lease = claimed
        claims.push(keepAlive(() => leases.renew(claimed)))
      }
      return await runOccurrence({ job, data, report, context, fireTime, signal })
    } finally {
      for (const claim of claims) claim.stop()
      if (lease) await leases?.release(lease).catch(() => undefined)
      if (tenantSlot) await tenantSlot.release(tenant, holder).catch(() => undefined)
    }
  }

  async function runOccurrence(input: {
    readonly job: BullmqJobLike<ScheduledJobData>
    readonly data: ScheduledJobData
    readonly report: StoredReport
    readonly context: RequestContext
    readonly fireTime: Date
    readonly signal: AbortSignal | undefined
  }): Promise<ScheduledJobResult> {
    const { job, data, report, context, fireTime, signal } = input
    const { UnrecoverableError } = await load()
    const attempt = job.attemptsMade + 1
    const page = await engine.storage.runs.listByReport(context, data.reportId, { limit: 50 })
    const history = page.items.filter(
      (run) => run.trigger === 'schedule' && run.scheduledFor?.getTime() === fireTime.getTime(),
    )
    const done = history.find((run) => run.status === 'succeeded')
    if (done)
      return {
        status: 'skipped',
        fireTime: fireTime.toISOString(),
        reason: 'Already ran',
        runId: done.id,
      }
    // Holding the occurrence's lease (or the job's lock): a run still `running` is a dead worker's.
    const dangling = await closeDanglingRuns(context, history)
    if (dangling.length > 0) {
      await record(data, fireTime, {
        status: 'retrying',
        attempt,
        abandoned: true,
        runIds: dangling,
      })
      emit({
        type: 'occurrence:abandoned',
        occurrence: occurrence(data, fireTime, { status: 'retrying', attempt, abandoned: true }),
      })
    }
    const started = clock.now()
    await record(data, fireTime, {
      status: 'running',
      attempt,
      startedAt: started,
      ...(job.id !== undefined ? { holder: job.id } : {}),
    })
    emit({
      type: 'occurrence:started',
      occurrence: occurrence(data, fireTime, { status: 'running', attempt }),
    })

    const fail = async (code: string, message: string, retryable: boolean): Promise<never> => {
      const final = !retryable || attempt >= (job.opts.attempts ?? retry.attempts)
      const ended = occurrence(data, fireTime, {
        status: final ? 'failed' : 'retrying',
        attempt,
        error: { code, message },
        ...(final ? { finishedAt: clock.now() } : {}),
      })
      await record(data, fireTime, {
        status: ended.status,
        attempt,
        holder: undefined,
        ...(ended.error ? { error: ended.error } : {}),
        ...(ended.finishedAt ? { finishedAt: ended.finishedAt } : {}),
      })
      emit({ type: final ? 'occurrence:failed' : 'occurrence:retrying', occurrence: ended })
      if (final) await afterFinal(data, ended)
      throw retryable
        ? new Error(`${code}: ${message}`)
        : new UnrecoverableError(`${code}: ${message}`)
    }
    if (checkBeforeRun) {
      const check = await engine.check(report.definition, { context })
      const problem = check.problems[0]
      if (!check.ok && problem) {
        const code = problem.problem === 'error' ? problem.code : 'SCHEMA_DRIFT'
        await fail(code, problem.message, problem.problem === 'error' && !PERMANENT_CODES.has(code))
      }
    }
    let result: RunResult
    try {
      result = await engine.run(data.reportId, {
        context,
        trigger: 'schedule',
        scheduledFor: fireTime,
        asOf: fireTime,
        idempotencyKey: `schedule:${data.reportId}:${fireTime.toISOString()}`,
        ...(signal ? { signal } : {}),
      })
    } catch (error) {
      // A thrown run still ends the attempt: the record and the failure streak see it.
      const rw = ReportwrightError.fromUnknown(error, 'QUERY_FAILED')
      return fail(rw.code, rw.message, !PERMANENT_CODES.has(rw.code))
    }
    if (result.status !== 'succeeded') {
      const code = result.error?.code ?? 'QUERY_FAILED'
      // Someone already got the email: a retry would send it again.
      const delivered = result.deliveries.some((delivery) => delivery.accepted.length > 0)
      await record(data, fireTime, { status: 'running', attempt, runIds: [result.id] })
      await fail(
        code,
        result.error?.message ?? 'The run failed',
        !delivered && !PERMANENT_CODES.has(code),
      )
    }
    await record(data, fireTime, {
      status: 'succeeded',
      attempt,
      runIds: [result.id],
      holder: undefined,
      error: undefined,
      finishedAt: clock.now(),
    })
    emit({
      type: 'occurrence:succeeded',
      occurrence: occurrence(data, fireTime, { status: 'succeeded', attempt, runIds: [result.id] }),
    })
    await afterFinal(data, undefined)
    return { status: 'succeeded', fireTime: fireTime.toISOString(), runId: result.id }
  }

  /* --- timers --- */

  /** Runs `chore` now and every `intervalMs` while started; errors are logged, never thrown. */
  function every(intervalMs: number, name: string, chore: () => Promise<unknown>): void {
    const tick = (): void => {
      const work = chore()
        .catch((error: unknown) => {
          logger.warn({ error: describe(error) }, `${name} failed`)
          emit({ type: 'error', message: `${name} failed: ${describe(error)}` })
        })
        .finally(() => {
          chores.delete(work)
          if (!running) return
          const timer = clock.setTimeout(() => {
            timers.delete(timer)
            if (running) tick()
          }, intervalMs)
          timers.add(timer)
        })
      chores.add(work)
    }
    tick()
  }

  return {
    queueName,
    sync,
    reconcile,
    async remove(reportId) {
      await (await openQueue()).removeJobScheduler(schedulerId(reportId))
    },
    async syncAll(reports) {
      if (reports === undefined) {
        await reconcile()
        return
      }
      const target = await openQueue()
      const keep = new Set<string>()
      for await (const report of reports) {
        await sync(report)
        if (report.definition.schedule?.enabled) keep.add(schedulerId(report.id))
      }
      for (const existing of await target.getJobSchedulers(0, -1)) {
        const id = existing.id ?? existing.key
        if (id.startsWith('report:') && !keep.has(id)) await target.removeJobScheduler(id)
      }
    },
    async pause(reportId, reason = 'Paused by a user') {
      const state = await states.getScheduleState(reportId)
      await states.setScheduleState(reportId, { ...state, paused: true, pausedReason: reason })
      await (await openQueue()).removeJobScheduler(schedulerId(reportId))
    },
    async resume(reportId) {
      await states.setScheduleState(reportId, { paused: false, consecutiveFailures: 0 })
      const schedule = await storage.schedules.get?.(reportId)
      const report = schedule
        ? await storage.reports.get(await contextFor(schedule), reportId)
        : undefined
      if (report) await sync(report)
      emit({ type: 'schedule:resumed', scheduleId: reportId })
    },
    async start() {
      const target = await openQueue()
      if (running) return
      running = true
      if (options.globalConcurrency !== undefined)
        await target.setGlobalConcurrency(Math.max(1, Math.floor(options.globalConcurrency)))
      if (reconcileIntervalMs !== false && reconcileIntervalMs > 0 && storage.schedules.listAll)
        every(reconcileIntervalMs, 'reconcile', reconcile)
      if (retention && records?.pruneOccurrences) {
        const prune = records.pruneOccurrences.bind(records)
        every(retention.intervalMs, 'occurrence pruning', () =>
          prune({
            olderThan: new Date(clock.now().getTime() - retention.maxAgeMs),
            keepLast: retention.keepLast,
          }),
        )
      }
      if (options.worker === false || worker) return
      if (tenantConcurrency !== false) {
        slots = tenantSlots(connection, {
          keyPrefix: `${options.prefix ?? 'bull'}:${queueName}:rw-tenant`,
          limit: Math.max(1, Math.floor(tenantConcurrency)),
          ttlMs: lockDurationMs,
        })
      }
      const { Worker, DelayedError } = await load()
      // Three declared parameters: BullMQ passes the abort signal only to such processors.
      worker = new Worker(
        queueName,
        (job: BullmqJobLike<never>, token?: string, signal?: AbortSignal) =>
          process(job as BullmqJobLike<ScheduledJobData>, token, signal).catch((error) => {
            throw error instanceof Deferred ? new DelayedError() : error
          }),
        {
          connection,
          concurrency,
          lockDuration: lockDurationMs,
          ...(options.stalledIntervalMs !== undefined
            ? { stalledInterval: options.stalledIntervalMs }
            : {}),
          ...prefix,
        },
      )
      worker.on('error', (error) => {
        logger.error({ error: error.message }, 'bullmq worker error')
        emit({ type: 'error', message: error.message })
      })
    },
    async stop() {
      running = false
      for (const timer of timers) clock.clearTimeout(timer)
      timers.clear()
      await Promise.allSettled([...chores])
      await worker?.close()
      worker = undefined
      await queue?.close()
      queue = undefined
    },
    subscribe: events.subscribe,
  }
}
