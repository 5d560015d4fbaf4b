import type { RequestContext } from '../context/request-context'
import type { ReportDefinition } from '../model/report-definition'
import type { OutputFormat } from '../model/output'

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
}

/** Schedules; the scheduler lists due ones across tenants. */
export interface ScheduleRepository {
  /** Schedules due at or before `now`, all tenants (the scheduler is trusted). */
  listDue(now: Date, limit: number): Promise<readonly StoredSchedule[]>
  setNextRun(reportId: string, nextRunAt: Date | undefined): Promise<void>
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
  migrate?(): Promise<void>
  dispose?(): Promise<void>
}
