import { ReportwrightError, silentLogger } from '@reportwright/core'
import type {
  Logger,
  OccurrenceRepository,
  RequestContext,
  RunResult,
  StoredReport,
} from '@reportwright/core'
import { systemClock } from '../clock'
import type { Clock } from '../clock'
import { previousRun } from '../next-runs'
import { storageOccurrenceStore } from '../occurrence-store'
import type { OccurrenceRecord, OccurrenceStore } from '../occurrence-store'
import { notifyPaused } from '../pause-notifier'
import type {
  PauseWebhook,
  RetryPolicy,
  ScheduleOwner,
  SchedulerEngine,
  SchedulerEvent,
  SchedulePausedNotice,
} from '../scheduler-types'
import { toCron } from '../to-cron'
import { validateSchedule } from '../validate-schedule'
import type { BullmqJobLike, BullmqLib, BullmqQueueLike, BullmqWorkerLike } from './bullmq-types'

export type { BullmqJobLike, BullmqLib, BullmqQueueLike, BullmqWorkerLike } from './bullmq-types'

/** The bullmq version range this subpath is tested with. */
export const BULLMQ_DEPENDENCY = { name: 'bullmq', version: '^6.7.0' } as const

/** A job scheduler's id for a report. */
const schedulerId = (reportId: string): string => `report:${reportId}`
/** How far a queue's cron library may place a run from croner's fire time (a DST shift). */
const MAX_DST_SHIFT_MS = 2 * 60 * 60_000
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

/** The data of each scheduled job. */
export interface ScheduledJobData {
  readonly reportId: string
  readonly tenantId?: string
  readonly ownerId: string
}

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
   * host owns it and closes it after `stop()`.
   */
  readonly connection: object
  /** Defaults to `'reportwright-schedules'`. */
  readonly queueName?: string
  /** BullMQ key prefix. Defaults to BullMQ's (`bull`). */
  readonly prefix?: string
  /** Jobs one worker runs at once. Defaults to 4. */
  readonly concurrency?: number
  /** Attempts per occurrence and exponential backoff. Defaults to 3 attempts from 30 s. */
  readonly retry?: RetryPolicy
  /** Start a worker in this process; `false` only manages job schedulers. Defaults to `true`. */
  readonly worker?: boolean
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
  /** Stamps occurrence records and pause notices. Defaults to the system clock. */
  readonly clock?: Clock
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
   * `reports`, syncs every schedule `engine.storage.schedules.listAll` lists (`INVALID_DEFINITION`
   * when the storage does not declare it).
   */
  syncAll(
    reports?:
      | Iterable<Pick<StoredReport, 'id' | 'tenantId' | 'ownerId' | 'definition'>>
      | AsyncIterable<Pick<StoredReport, 'id' | 'tenantId' | 'ownerId' | 'definition'>>,
  ): Promise<void>
  /** Pauses a schedule: its job scheduler is removed until {@link BullmqScheduler.resume}. */
  pause(reportId: string, reason?: string): Promise<void>
  /** Resumes a paused schedule, clears its failure streak and syncs its job scheduler again. */
  resume(reportId: string): Promise<void>
  /** Starts the queue and, unless `worker: false`, the worker. */
  start(): Promise<void>
  /** Lets running jobs finish, then closes the worker and the queue (not the connection). */
  stop(): Promise<void>
  /** Listens to occurrence events of this process's worker. */
  subscribe(listener: (event: SchedulerEvent) => void): () => void
}

/**
 * The distributed runner: each report's schedule becomes a BullMQ job scheduler (cron pattern
 * from `toCron`, in the schedule's time zone) and workers on any number of machines run the
 * occurrences with `engine.run()` (`trigger: 'schedule'`, `scheduledFor` = `asOf` = the fire time
 * as croner computes it, so DST and month ends behave as in `nextRuns`). Failed attempts retry
 * with BullMQ's exponential backoff; an occurrence whose run already succeeded never runs again.
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
    checkBeforeRun = true,
    logger = silentLogger,
    pauseAfterFailures = 3,
    clock = systemClock,
  } = options
  const storage = engine.storage
  const states = options.occurrences ?? storageOccurrenceStore(storage)
  // Records are kept only where every worker sees them: a per-process copy would mislead.
  const records: OccurrenceRepository | undefined = options.occurrences ?? storage.occurrences
  const retry = {
    attempts: Math.max(1, options.retry?.attempts ?? 3),
    baseDelayMs: options.retry?.baseDelayMs ?? 30_000,
  }
  const prefix = options.prefix !== undefined ? { prefix: options.prefix } : {}
  const contextFor =
    options.contextFor ??
    ((owner: ScheduleOwner): RequestContext => ({
      userId: owner.ownerId,
      ...(owner.tenantId !== undefined ? { tenantId: owner.tenantId } : {}),
      roles: [],
    }))
  const listeners = new Set<(event: SchedulerEvent) => void>()
  let lib: BullmqLib | undefined
  let queue: BullmqQueueLike | undefined
  let worker: BullmqWorkerLike | undefined

  const emit = (event: SchedulerEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event)
      } catch (error) {
        logger.warn({ error: String(error) }, 'scheduler listener threw')
      }
    }
  }

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

  async function sync(
    report: Pick<StoredReport, 'id' | 'tenantId' | 'ownerId' | 'definition'>,
  ): Promise<void> {
    const target = await openQueue()
    const spec = report.definition.schedule
    if (!spec?.enabled || (await states.getScheduleState(report.id)).paused) {
      await target.removeJobScheduler(schedulerId(report.id))
      return
    }
    const schedule = validateSchedule(spec)
    const data: ScheduledJobData = {
      reportId: report.id,
      ...(report.tenantId !== undefined ? { tenantId: report.tenantId } : {}),
      ownerId: report.ownerId,
    }
    await target.upsertJobScheduler(
      schedulerId(report.id),
      {
        pattern: toCron(schedule),
        tz: schedule.timezone,
        // Local days of any zone lie within UTC ±14 h; the worker keeps the exact bounds.
        ...(schedule.startDate
          ? { startDate: new Date(Date.parse(`${schedule.startDate}T00:00:00Z`) - 14 * 3_600_000) }
          : {}),
        ...(schedule.endDate
          ? { endDate: new Date(Date.parse(`${schedule.endDate}T23:59:59Z`) + 14 * 3_600_000) }
          : {}),
      },
      {
        name: 'report',
        data,
        opts: {
          attempts: retry.attempts,
          backoff: { type: 'exponential', delay: retry.baseDelayMs },
          removeOnComplete: { count: 1_000 },
          removeOnFail: { count: 5_000 },
        },
      },
    )
  }

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
    const state = await states.getScheduleState(data.reportId)
    if (!failed) {
      if (state.consecutiveFailures > 0)
        await states.setScheduleState(data.reportId, { ...state, consecutiveFailures: 0 })
      return
    }
    const failures = state.consecutiveFailures + 1
    if (failures < pauseAfterFailures || state.paused) {
      await states.setScheduleState(data.reportId, { ...state, consecutiveFailures: failures })
      return
    }
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

  async function process(
    job: BullmqJobLike<ScheduledJobData>,
    signal: AbortSignal | undefined,
  ): Promise<ScheduledJobResult> {
    const { UnrecoverableError } = await load()
    const data = job.data
    const scheduledAt = job.opts.prevMillis ?? job.timestamp + (job.opts.delay ?? 0)
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
    // BullMQ's cron library places DST gaps and month-end candidates its own way: map the job to
    // croner's fire time, and drop jobs that are no occurrence (e.g. the 28th of a "30th" schedule).
    const fireTime = previousRun(schedule, new Date(scheduledAt))
    if (!fireTime || scheduledAt - fireTime.getTime() > MAX_DST_SHIFT_MS)
      return { status: 'skipped', reason: 'Not an occurrence of the schedule' }
    const attempt = job.attemptsMade + 1
    const page = await engine.storage.runs.listByReport(context, data.reportId, { limit: 50 })
    const done = page.items.find(
      (run) =>
        run.trigger === 'schedule' &&
        run.status === 'succeeded' &&
        run.scheduledFor?.getTime() === fireTime.getTime(),
    )
    if (done)
      return {
        status: 'skipped',
        fireTime: fireTime.toISOString(),
        reason: 'Already ran',
        runId: done.id,
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

  /** Every report with a schedule, page by page from `schedules.listAll`. */
  async function* storedReports(): AsyncGenerator<StoredReport> {
    const listAll = storage.schedules.listAll?.bind(storage.schedules)
    if (!listAll) {
      throw new ReportwrightError({
        code: 'INVALID_DEFINITION',
        message:
          '[reportwright] [bullmq] syncAll() without reports needs storage whose `schedules.listAll` is set (memoryStorage() or sqlStorage()); else pass the reports.',
      })
    }
    let cursor: string | undefined
    do {
      const page = await listAll({ limit: 200, ...(cursor !== undefined ? { cursor } : {}) })
      for (const schedule of page.items) {
        const report = await storage.reports.get(await contextFor(schedule), schedule.reportId)
        if (report) yield report
      }
      cursor = page.nextCursor
    } while (cursor !== undefined)
  }

  return {
    queueName,
    sync,
    async remove(reportId) {
      await (await openQueue()).removeJobScheduler(schedulerId(reportId))
    },
    async syncAll(reports = storedReports()) {
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
      await openQueue()
      if (options.worker === false || worker) return
      const { Worker } = await load()
      // Three declared parameters: BullMQ passes the abort signal only to such processors.
      worker = new Worker(
        queueName,
        (job: BullmqJobLike<never>, _token?: string, signal?: AbortSignal) =>
          process(job as BullmqJobLike<ScheduledJobData>, signal),
        { connection, concurrency, ...prefix },
      )
      worker.on('error', (error) => {
        logger.error({ error: error.message }, 'bullmq worker error')
        emit({ type: 'error', message: error.message })
      })
    },
    async stop() {
      await worker?.close()
      worker = undefined
      await queue?.close()
      queue = undefined
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
