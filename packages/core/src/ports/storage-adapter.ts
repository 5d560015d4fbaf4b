import type { RequestContext } from '../context/request-context'
import type { ReportDefinition } from '../model/report-definition'
import type { OutputFormat } from '../model/output'
import type { ScheduleSpec } from '../model/schedule'

/** A page request: `cursor` comes from the previous page's `nextCursor`. */
export interface PageRequest {
  readonly limit?: number
  readonly cursor?: string
}

/** A page of results. */
export interface Page<TItem> {
  readonly items: readonly TItem[]
  readonly nextCursor?: string
}

/** A saved report. */
export interface StoredReport {
  readonly id: string
  readonly tenantId?: string
  readonly ownerId: string
  readonly definition: ReportDefinition
  /** Starts at 1; every update adds one (optimistic concurrency). */
  readonly revision: number
  readonly createdAt: Date
  readonly updatedAt: Date
}

export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const
/** Where a run stands. A run is finished exactly once. */
export type RunStatus = (typeof RUN_STATUSES)[number]

/** What starts a run. */
export type RunTrigger = 'manual' | 'schedule' | 'api'

/** What a run needs recorded before it starts. */
export interface NewRun {
  readonly reportId?: string
  readonly reportName: string
  readonly format: OutputFormat
  readonly trigger: RunTrigger
  /** For scheduled runs: the occurrence it runs. */
  readonly scheduledFor?: Date
}

/** The file a run produced. */
export interface RunFile {
  readonly key: string
  readonly size: number
  readonly contentType: string
  readonly filename: string
}

/** The outcome of one delivery attempt. */
export interface RunDelivery {
  readonly channel: string
  readonly accepted: readonly string[]
  readonly rejected: readonly { readonly email: string; readonly reason: string }[]
  readonly error?: string
}

/** How a run ended. */
export interface RunOutcome {
  readonly status: Exclude<RunStatus, 'running'>
  readonly rowCount: number
  readonly file?: RunFile
  readonly deliveries?: readonly RunDelivery[]
  readonly error?: { readonly code: string; readonly message: string }
}

/** One run in the history. */
export interface RunRecord {
  readonly id: string
  readonly tenantId?: string
  readonly userId: string
  readonly reportId?: string
  readonly reportName: string
  readonly format: OutputFormat
  readonly trigger: RunTrigger
  readonly scheduledFor?: Date
  readonly status: RunStatus
  readonly startedAt: Date
  readonly finishedAt?: Date
  readonly rowCount: number
  readonly file?: RunFile
  readonly deliveries: readonly RunDelivery[]
  readonly error?: { readonly code: string; readonly message: string }
}

/** Saved reports, scoped by the context's tenant. Another tenant's report is `undefined`. */
export interface ReportRepository {
  list(ctx: RequestContext, page?: PageRequest): Promise<Page<StoredReport>>
  get(ctx: RequestContext, id: string): Promise<StoredReport | undefined>
  create(ctx: RequestContext, definition: ReportDefinition): Promise<StoredReport>
  /** @throws `NOT_FOUND`; `INVALID_DEFINITION` when `expectedRevision` is stale. */
  update(
    ctx: RequestContext,
    id: string,
    definition: ReportDefinition,
    expectedRevision?: number,
  ): Promise<StoredReport>
  delete(ctx: RequestContext, id: string): Promise<void>
}

/** A report's schedule as the scheduler reads it. */
export interface StoredSchedule {
  readonly reportId: string
  readonly tenantId?: string
  readonly ownerId: string
  readonly enabled: boolean
  readonly nextRunAt?: Date
  /** Paused by a user or the scheduler (see `setPaused`). Defaults to `false`. */
  readonly paused?: boolean
  /** Why it is paused. */
  readonly pausedReason?: string
  /** Occurrences that failed in a row since the last success or resume. Defaults to `0`. */
  readonly consecutiveFailures?: number
  /**
   * The report's schedule as saved, so a runner can compare it with what it has scheduled
   * without reading the report. Optional: storages that omit it make the runner read the report.
   */
  readonly spec?: ScheduleSpec
}

/** Schedules; the scheduler lists due ones across tenants. */
export interface ScheduleRepository {
  /** Schedules due at or before `now`, all tenants (the scheduler is trusted). */
  listDue(now: Date, limit: number): Promise<readonly StoredSchedule[]>
  setNextRun(reportId: string, nextRunAt: Date | undefined): Promise<void>
  /**
   * One schedule across tenants, with its pause state. Defaults to absent: the scheduler then
   * keeps pause state in its own process.
   */
  get?(reportId: string): Promise<StoredSchedule | undefined>
  /**
   * Pauses or resumes a schedule; a paused schedule is never listed by `listDue`. Changing the
   * report's schedule clears the pause. Defaults to absent (pause state stays in the scheduler's
   * process).
   */
  setPaused?(reportId: string, paused: boolean, reason?: string): Promise<void>
  /** Stores the schedule's failure streak (`consecutiveFailures`). Defaults to absent. */
  setFailureStreak?(reportId: string, consecutiveFailures: number): Promise<void>
  /**
   * Adds one to the schedule's failure streak in one atomic step and resolves the new streak
   * (`0` for an unknown schedule), so processes failing at once never lose a count. Defaults to
   * absent: the scheduler then reads the streak and writes it back.
   */
  incrementFailureStreak?(reportId: string): Promise<number>
  /**
   * Every schedule, enabled or not, all tenants, in a stable order (a distributed runner syncs
   * from it). Defaults to absent.
   */
  listAll?(page?: PageRequest): Promise<Page<StoredSchedule>>
}

/** Run history, scoped by tenant. */
export interface RunRepository {
  start(ctx: RequestContext, run: NewRun): Promise<RunRecord>
  /** Finishes a running run; a second call throws, so a run ends exactly once. */
  finish(ctx: RequestContext, id: string, outcome: RunOutcome): Promise<RunRecord>
  get(ctx: RequestContext, id: string): Promise<RunRecord | undefined>
  listByReport(ctx: RequestContext, reportId: string, page?: PageRequest): Promise<Page<RunRecord>>
}

/** A claim on one schedule occurrence. */
export interface Lease {
  readonly scheduleId: string
  readonly dueAt: Date
  readonly holder: string
  readonly expiresAt: Date
}

/** Leases so N scheduler instances never run one occurrence twice. */
export interface LeaseRepository {
  claim(
    occurrence: { readonly scheduleId: string; readonly dueAt: Date },
    holder: string,
    ttlMs: number,
  ): Promise<Lease | undefined>
  renew(lease: Lease): Promise<boolean>
  release(lease: Lease): Promise<void>
}

/** Persistence for reports, schedules, runs (and leases, for the scheduler). */
export interface StorageAdapter {
  readonly reports: ReportRepository
  readonly schedules: ScheduleRepository
  readonly runs: RunRepository
  readonly leases?: LeaseRepository
  /**
   * Scheduler occurrence records shared across processes. Defaults to absent: each scheduler
   * process then keeps them in memory.
   */
  readonly occurrences?: OccurrenceRepository
  migrate?(): Promise<void>
  dispose?(): Promise<void>
}

/* --- Scheduler occurrences (optional capability) --- */

/** Every {@link OccurrenceStatus}, in lifecycle order. */
export const OCCURRENCE_STATUSES = [
  'pending',
  'running',
  'retrying',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
] as const
/** Where an occurrence stands. `retrying` waits for `notBefore`; the last four are final. */
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

/** What {@link OccurrenceRepository.create} stores: it starts at attempt 0, version 1. */
export type NewOccurrence = Omit<OccurrenceRecord, 'version' | 'runIds' | 'attempt'>

/**
 * The fields {@link OccurrenceRepository.update} may change; a key set to `undefined` clears
 * that field.
 */
export type OccurrencePatch = Partial<Omit<OccurrenceRecord, 'scheduleId' | 'fireTime' | 'version'>>

/**
 * The scheduler's occurrence records, keyed by (scheduleId, fireTime), shared by every scheduler
 * process on the storage: attempt counts and the "abandoned runs are retried once" flag survive
 * the process that wrote them. `update` is a compare-and-set on `version`.
 */
export interface OccurrenceRepository {
  /** Inserts the occurrence unless its key exists; resolves the stored one and whether it's new. */
  create(
    occurrence: NewOccurrence,
  ): Promise<{ readonly record: OccurrenceRecord; readonly created: boolean }>
  get(key: OccurrenceKey): Promise<OccurrenceRecord | undefined>
  /** Applies `patch` when the stored version is `expectedVersion`; else resolves `undefined`. */
  update(
    key: OccurrenceKey,
    patch: OccurrencePatch,
    expectedVersion: number,
  ): Promise<OccurrenceRecord | undefined>
  /** `pending` and `retrying` occurrences whose `notBefore` has come, oldest first. */
  listReady(now: Date, limit: number): Promise<readonly OccurrenceRecord[]>
  /** `running` occurrences, to find those whose instance died. */
  listRunning(limit: number): Promise<readonly OccurrenceRecord[]>
  /** A schedule's occurrences, newest fire time first. */
  listBySchedule(scheduleId: string, limit: number): Promise<readonly OccurrenceRecord[]>
  /**
   * Deletes ended occurrences (`succeeded`, `failed`, `skipped`, `cancelled`) whose fire time is
   * before `olderThan`, except each schedule's newest `keepLast` occurrences (ended or not);
   * resolves how many it deleted. Open occurrences are never deleted. Defaults to absent: the
   * history then grows until the host prunes it.
   */
  pruneOccurrences?(options: PruneOccurrencesOptions): Promise<number>
}

/** What {@link OccurrenceRepository.pruneOccurrences} deletes. */
export interface PruneOccurrencesOptions {
  /** Ended occurrences fired before this instant may go. */
  readonly olderThan: Date
  /** Each schedule's newest occurrences kept whatever their age. Defaults to `0`. */
  readonly keepLast?: number
}
