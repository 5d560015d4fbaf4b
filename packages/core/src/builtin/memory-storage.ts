import { randomUUID } from 'node:crypto'
import type { RequestContext } from '../context/request-context'
import { ReportwrightError } from '../errors/reportwright-error'
import type { ReportDefinition } from '../model/report-definition'
import { memoryOccurrences } from './memory-occurrences'
import type {
  Lease,
  LeaseRepository,
  OccurrenceRepository,
  Page,
  PageRequest,
  ReportRepository,
  RunRecord,
  RunRepository,
  ScheduleRepository,
  StorageAdapter,
  StoredReport,
  StoredSchedule,
} from '../ports/storage-adapter'

/** Options of {@link memoryStorage}. */
export interface MemoryStorageOptions {
  /** Source of "now" for timestamps and lease expiry. Defaults to the system clock. */
  readonly clock?: { now(): Date }
  /** Makes report and run ids. Defaults to `crypto.randomUUID`. */
  readonly idGenerator?: () => string
}

/** Roles that may edit and delete any report in their tenant, not only their own. */
export const REPORT_EDITOR_ROLES = ['manager', 'admin', 'owner'] as const
/** The role that may only read. */
export const READONLY_ROLE = 'readonly'

/** Page size when a request gives none. */
export const DEFAULT_PAGE_SIZE = 50
/** Largest page a request may ask for. */
export const MAX_PAGE_SIZE = 500

/**
 * A {@link StorageAdapter} kept in memory: the engine's default, for tests and demos. Every call
 * is tenant-scoped (another tenant's report or run is `undefined` / `NOT_FOUND`); the author edits
 * their own report, `manager` / `admin` / `owner` edit any in their tenant, `readonly` only reads
 * (else `FORBIDDEN`); updates honour
 * `expectedRevision`, a run finishes exactly once, and leases expire by the injected clock.
 * Lists are newest first.
 */
export function memoryStorage(options: MemoryStorageOptions = {}): StorageAdapter & {
  readonly leases: LeaseRepository
  readonly occurrences: OccurrenceRepository
} {
  const clock = options.clock ?? { now: () => new Date() }
  const newId = options.idGenerator ?? randomUUID
  let sequence = 0

  interface ReportEntry {
    readonly seq: number
    report: StoredReport
  }
  interface RunEntry {
    readonly seq: number
    run: RunRecord
  }
  // `computed: false` means the scheduler has not yet set a first occurrence.
  interface ScheduleState {
    computed: boolean
    nextRunAt?: Date
    paused?: boolean
    pausedReason?: string
    consecutiveFailures?: number
  }

  const reports = new Map<string, ReportEntry>()
  const runs = new Map<string, RunEntry>()
  const schedules = new Map<string, ScheduleState>()
  const leases = new Map<string, { lease: Lease; ttlMs: number }>()

  const visible = (ctx: RequestContext, tenantId: string | undefined): boolean =>
    ctx.tenantId === tenantId

  const reportRepository: ReportRepository = {
    async list(ctx, page) {
      const items = [...reports.values()].filter((entry) => visible(ctx, entry.report.tenantId))
      return paginate(items, page, (entry) => copyReport(entry.report))
    },
    async get(ctx, id) {
      const entry = reports.get(id)
      return entry && visible(ctx, entry.report.tenantId) ? copyReport(entry.report) : undefined
    },
    async create(ctx, definition) {
      assertMayWrite(ctx, 'create reports')
      const id = uniqueId(newId, reports)
      const now = clock.now()
      const report: StoredReport = {
        id,
        ...(ctx.tenantId !== undefined ? { tenantId: ctx.tenantId } : {}),
        ownerId: ctx.userId,
        definition: freezeDefinition(definition),
        revision: 1,
        createdAt: now,
        updatedAt: now,
      }
      reports.set(id, { seq: ++sequence, report })
      schedules.set(id, { computed: false })
      return copyReport(report)
    },

    async update(ctx, id, definition, expectedRevision) {
      const entry = reports.get(id)
      if (!entry || !visible(ctx, entry.report.tenantId)) throw reportNotFound(id)
      assertMayEdit(ctx, entry.report, 'edit')
      if (expectedRevision !== undefined && expectedRevision !== entry.report.revision) {
        throw new ReportwrightError({
          code: 'INVALID_DEFINITION',
          message: `Report "${id}" was changed by someone else (it is at revision ${entry.report.revision}, you edited revision ${expectedRevision}). Reload it and apply your changes again.`,
          details: { conflict: true, currentRevision: entry.report.revision, expectedRevision },
        })
      }
      const scheduleChanged =
        JSON.stringify(entry.report.definition.schedule ?? null) !==
        JSON.stringify(definition.schedule ?? null)
      entry.report = {
        ...entry.report,
        definition: freezeDefinition(definition),
        revision: entry.report.revision + 1,
        updatedAt: clock.now(),
      }
      // A changed schedule has to be computed again by the scheduler.
      if (scheduleChanged) schedules.set(id, { computed: false })
      return copyReport(entry.report)
    },
    async delete(ctx, id) {
      const entry = reports.get(id)
      if (!entry || !visible(ctx, entry.report.tenantId)) throw reportNotFound(id)
      assertMayEdit(ctx, entry.report, 'delete')
      reports.delete(id)
      schedules.delete(id)
    },
  }

  const scheduleRepository: ScheduleRepository = {
    async listDue(now, limit) {
      const due: StoredSchedule[] = []
      for (const [reportId, entry] of reports) {
        const schedule = entry.report.definition.schedule
        const state = schedules.get(reportId)
        if (!schedule?.enabled || !state || state.paused) continue
        if (state.computed && (!state.nextRunAt || state.nextRunAt.getTime() > now.getTime()))
          continue
        due.push({
          reportId,
          ...(entry.report.tenantId !== undefined ? { tenantId: entry.report.tenantId } : {}),
          ownerId: entry.report.ownerId,
          enabled: true,
          ...(state.nextRunAt ? { nextRunAt: new Date(state.nextRunAt) } : {}),
        })
      }
      // Never computed (no nextRunAt) first, then the most overdue.
      due.sort(
        (a, b) => (a.nextRunAt?.getTime() ?? -Infinity) - (b.nextRunAt?.getTime() ?? -Infinity),
      )
      return due.slice(0, Math.max(0, limit))
    },
    async setNextRun(reportId, nextRunAt) {
      if (!reports.has(reportId)) return
      const { nextRunAt: _previous, ...rest } = schedules.get(reportId) ?? { computed: true }
      schedules.set(
        reportId,
        nextRunAt
          ? { ...rest, computed: true, nextRunAt: new Date(nextRunAt) }
          : { ...rest, computed: true },
      )
    },
    async get(reportId) {
      const entry = reports.get(reportId)
      return entry ? toStoredSchedule(entry) : undefined
    },
    async setPaused(reportId, paused, reason) {
      const state = schedules.get(reportId)
      if (!state) return
      const { pausedReason: _reason, ...rest } = state
      schedules.set(reportId, {
        ...rest,
        paused,
        ...(paused && reason !== undefined ? { pausedReason: reason } : {}),
      })
    },
    async setFailureStreak(reportId, consecutiveFailures) {
      const state = schedules.get(reportId)
      if (state) schedules.set(reportId, { ...state, consecutiveFailures })
    },
    async incrementFailureStreak(reportId) {
      // One synchronous read-modify-write: no await between them, so no count is lost.
      const state = schedules.get(reportId)
      if (!state) return 0
      const consecutiveFailures = (state.consecutiveFailures ?? 0) + 1
      schedules.set(reportId, { ...state, consecutiveFailures })
      return consecutiveFailures
    },
    async listAll(page) {
      const items = [...reports.values()].flatMap((entry) => {
        const schedule = toStoredSchedule(entry)
        return schedule ? [{ seq: entry.seq, schedule }] : []
      })
      return paginate(items, page, (item) => item.schedule)
    },
  }

  function toStoredSchedule(entry: ReportEntry): StoredSchedule | undefined {
    const schedule = entry.report.definition.schedule
    const state = schedules.get(entry.report.id)
    if (!schedule || !state) return undefined
    return {
      reportId: entry.report.id,
      ...(entry.report.tenantId !== undefined ? { tenantId: entry.report.tenantId } : {}),
      ownerId: entry.report.ownerId,
      enabled: schedule.enabled,
      ...(state.nextRunAt ? { nextRunAt: new Date(state.nextRunAt) } : {}),
      paused: state.paused ?? false,
      ...(state.pausedReason !== undefined ? { pausedReason: state.pausedReason } : {}),
      consecutiveFailures: state.consecutiveFailures ?? 0,
      spec: { ...schedule },
    }
  }

  const runRepository: RunRepository = {
    async start(ctx, newRun) {
      const id = uniqueId(newId, runs)
      const run: RunRecord = {
        id,
        ...(ctx.tenantId !== undefined ? { tenantId: ctx.tenantId } : {}),
        userId: ctx.userId,
        ...(newRun.reportId !== undefined ? { reportId: newRun.reportId } : {}),
        reportName: newRun.reportName,
        format: newRun.format,
        trigger: newRun.trigger,
        ...(newRun.scheduledFor ? { scheduledFor: new Date(newRun.scheduledFor) } : {}),
        status: 'running',
        startedAt: clock.now(),
        rowCount: 0,
        deliveries: [],
      }
      runs.set(id, { seq: ++sequence, run })
      return copyRun(run)
    },
    async finish(ctx, id, outcome) {
      const entry = runs.get(id)
      if (!entry || !visible(ctx, entry.run.tenantId))
        throw new ReportwrightError({ code: 'NOT_FOUND', message: `No run "${id}".` })
      if (entry.run.status !== 'running') {
        throw new ReportwrightError({
          code: 'FORBIDDEN',
          message: `Run "${id}" already finished as ${entry.run.status}; a run is finished exactly once.`,
          details: { status: entry.run.status },
        })
      }
      entry.run = {
        ...entry.run,
        status: outcome.status,
        finishedAt: clock.now(),
        rowCount: outcome.rowCount,
        ...(outcome.file ? { file: { ...outcome.file } } : {}),
        deliveries: outcome.deliveries ? structuredClone(outcome.deliveries) : [],
        ...(outcome.error
          ? { error: { code: outcome.error.code, message: outcome.error.message } }
          : {}),
      }
      return copyRun(entry.run)
    },
    async get(ctx, id) {
      const entry = runs.get(id)
      return entry && visible(ctx, entry.run.tenantId) ? copyRun(entry.run) : undefined
    },
    async listByReport(ctx, reportId, page) {
      const items = [...runs.values()].filter(
        (entry) => entry.run.reportId === reportId && visible(ctx, entry.run.tenantId),
      )
      return paginate(items, page, (entry) => copyRun(entry.run))
    },
  }

  const leaseKey = (occurrence: { readonly scheduleId: string; readonly dueAt: Date }): string =>
    `${occurrence.scheduleId}@${occurrence.dueAt.toISOString()}`

  const leaseRepository: LeaseRepository = {
    async claim(occurrence, holder, ttlMs) {
      const key = leaseKey(occurrence)
      const now = clock.now().getTime()
      const current = leases.get(key)
      if (current && current.lease.holder !== holder && current.lease.expiresAt.getTime() > now)
        return undefined
      const lease: Lease = {
        scheduleId: occurrence.scheduleId,
        dueAt: new Date(occurrence.dueAt),
        holder,
        expiresAt: new Date(now + ttlMs),
      }
      leases.set(key, { lease, ttlMs })
      return { ...lease }
    },
    async renew(lease) {
      const key = leaseKey(lease)
      const current = leases.get(key)
      const now = clock.now().getTime()
      if (
        !current ||
        current.lease.holder !== lease.holder ||
        current.lease.expiresAt.getTime() <= now
      )
        return false
      leases.set(key, {
        lease: { ...current.lease, expiresAt: new Date(now + current.ttlMs) },
        ttlMs: current.ttlMs,
      })
      return true
    },
    async release(lease) {
      const key = leaseKey(lease)
      if (leases.get(key)?.lease.holder === lease.holder) leases.delete(key)
    },
  }

  return {
    reports: reportRepository,
    schedules: scheduleRepository,
    runs: runRepository,
    leases: leaseRepository,
    occurrences: memoryOccurrences(),
  }
}

function paginate<TEntry extends { readonly seq: number }, TItem>(
  entries: readonly TEntry[],
  page: PageRequest | undefined,
  map: (entry: TEntry) => TItem,
): Page<TItem> {
  const limit = Math.min(Math.max(1, Math.floor(page?.limit ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE)
  const after = page?.cursor !== undefined ? Number(page.cursor) : Infinity
  if (Number.isNaN(after)) {
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message: 'Invalid page cursor: pass the nextCursor of the previous page.',
    })
  }
  const sorted = entries.filter((entry) => entry.seq < after).sort((a, b) => b.seq - a.seq)
  const items = sorted.slice(0, limit)
  const last = items[items.length - 1]
  return {
    items: items.map(map),
    ...(sorted.length > limit && last ? { nextCursor: String(last.seq) } : {}),
  }
}

function uniqueId(newId: () => string, taken: ReadonlyMap<string, unknown>): string {
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = newId()
    if (!taken.has(id)) return id
  }
  throw new ReportwrightError({
    code: 'FORBIDDEN',
    message: 'The id generator keeps returning ids already in use.',
  })
}

function isEditor(ctx: RequestContext): boolean {
  return ctx.roles.some((role) => (REPORT_EDITOR_ROLES as readonly string[]).includes(role))
}

function assertMayWrite(ctx: RequestContext, action: string): void {
  if (ctx.roles.includes(READONLY_ROLE) && !isEditor(ctx)) {
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: `User "${ctx.userId}" has the readonly role and may not ${action}.`,
    })
  }
}

function assertMayEdit(ctx: RequestContext, report: StoredReport, action: string): void {
  assertMayWrite(ctx, `${action} reports`)
  if (report.ownerId !== ctx.userId && !isEditor(ctx)) {
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: `Only the author of report "${report.id}" or a manager, admin or owner may ${action} it.`,
    })
  }
}

function reportNotFound(id: string): ReportwrightError {
  return new ReportwrightError({ code: 'NOT_FOUND', message: `No report "${id}".` })
}

function freezeDefinition(definition: ReportDefinition): ReportDefinition {
  return deepFreeze(structuredClone(definition))
}

function deepFreeze<TValue>(value: TValue): TValue {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

function copyReport(report: StoredReport): StoredReport {
  return { ...report, createdAt: new Date(report.createdAt), updatedAt: new Date(report.updatedAt) }
}

function copyRun(run: RunRecord): RunRecord {
  return {
    ...run,
    startedAt: new Date(run.startedAt),
    ...(run.finishedAt ? { finishedAt: new Date(run.finishedAt) } : {}),
    ...(run.scheduledFor ? { scheduledFor: new Date(run.scheduledFor) } : {}),
    deliveries: run.deliveries.map((delivery) => ({ ...delivery })),
  }
}
