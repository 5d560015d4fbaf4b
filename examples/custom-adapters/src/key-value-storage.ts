import { randomUUID } from 'node:crypto'
import { ReportwrightError } from '@reportwright/core'
import type {
  Lease,
  LeaseRepository,
  Page,
  PageRequest,
  RequestContext,
  RunRecord,
  StorageAdapter,
  StoredReport,
  StoredSchedule,
} from '@reportwright/core'
import type { KeyValueStore } from './key-value-store'

/** Options of {@link keyValueStorage}. */
export interface KeyValueStorageOptions {
  readonly kv: KeyValueStore
  /** Defaults to the system clock. */
  readonly clock?: { now(): Date }
}

interface ReportDoc {
  seq: number
  report: Omit<StoredReport, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string }
  schedule: { computed: boolean; nextRunAt?: string }
}
interface RunDoc {
  seq: number
  run: Omit<RunRecord, 'startedAt' | 'finishedAt' | 'scheduledFor'> & {
    startedAt: string
    finishedAt?: string
    scheduledFor?: string
  }
}

const EDITORS = ['manager', 'admin', 'owner']

/**
 * A {@link StorageAdapter} on any {@link KeyValueStore}: one JSON document per report, run and
 * lease. Writes go through compare-and-set, so concurrent writers never both win.
 */
export function keyValueStorage(options: KeyValueStorageOptions): StorageAdapter & {
  readonly leases: LeaseRepository
} {
  const { kv } = options
  const now = () => (options.clock ? options.clock.now() : new Date())
  const tenantKey = (tenantId: string | undefined) =>
    tenantId === undefined ? '-' : `t:${tenantId}`
  const read = async <TDoc>(key: string) => {
    const raw = await kv.get(key)
    return raw === undefined ? undefined : { raw, doc: JSON.parse(raw) as TDoc }
  }
  const nextSeq = async (): Promise<number> => {
    for (;;) {
      const current = await kv.get('seq')
      const next = String(Number(current ?? '0') + 1)
      if (await kv.compareAndSet('seq', current, next)) return Number(next)
    }
  }
  const reportKey = (ctx: RequestContext, id: string) => `report/${tenantKey(ctx.tenantId)}/${id}`
  const runKey = (ctx: RequestContext, id: string) => `run/${tenantKey(ctx.tenantId)}/${id}`
  const isEditor = (ctx: RequestContext) => ctx.roles.some((role) => EDITORS.includes(role))
  const forbid = (message: string) => new ReportwrightError({ code: 'FORBIDDEN', message })
  const mayWrite = (ctx: RequestContext) => {
    if (ctx.roles.includes('readonly') && !isEditor(ctx))
      throw forbid('Read-only users may not change reports.')
  }
  const mayEdit = (ctx: RequestContext, ownerId: string) => {
    mayWrite(ctx)
    if (ownerId !== ctx.userId && !isEditor(ctx))
      throw forbid('Only the author or a manager may change this report.')
  }
  const notFound = (what: string, id: string) =>
    new ReportwrightError({ code: 'NOT_FOUND', message: `No ${what} "${id}".` })
  const toReport = (doc: ReportDoc): StoredReport => ({
    ...doc.report,
    createdAt: new Date(doc.report.createdAt),
    updatedAt: new Date(doc.report.updatedAt),
  })
  const toRun = (doc: RunDoc): RunRecord => {
    const { startedAt, finishedAt, scheduledFor, ...rest } = doc.run
    return {
      ...rest,
      startedAt: new Date(startedAt),
      ...(finishedAt ? { finishedAt: new Date(finishedAt) } : {}),
      ...(scheduledFor ? { scheduledFor: new Date(scheduledFor) } : {}),
    }
  }
  const list = async <TDoc extends { seq: number }, TItem>(
    prefix: string,
    page: PageRequest | undefined,
    map: (doc: TDoc) => TItem | undefined,
  ): Promise<Page<TItem>> => {
    const limit = Math.min(Math.max(1, page?.limit ?? 50), 500)
    if (page?.cursor !== undefined && !/^\d+$/.test(page.cursor)) {
      throw new ReportwrightError({ code: 'INVALID_DEFINITION', message: 'Invalid page cursor.' })
    }
    const before = page?.cursor === undefined ? Infinity : Number(page.cursor)
    const docs: TDoc[] = []
    for (const key of await kv.keys(prefix)) {
      const found = await read<TDoc>(key)
      if (found && found.doc.seq < before && map(found.doc) !== undefined) docs.push(found.doc)
    }
    docs.sort((a, b) => b.seq - a.seq)
    const items = docs.slice(0, limit)
    const last = items[items.length - 1]
    return {
      items: items.map((doc) => map(doc) as TItem),
      ...(docs.length > limit && last ? { nextCursor: String(last.seq) } : {}),
    }
  }

  return {
    reports: {
      list: (ctx, page) =>
        list<ReportDoc, StoredReport>(`report/${tenantKey(ctx.tenantId)}/`, page, toReport),
      async get(ctx, id) {
        const found = await read<ReportDoc>(reportKey(ctx, id))
        return found && toReport(found.doc)
      },
      async create(ctx, definition) {
        mayWrite(ctx)
        const id = randomUUID()
        const at = now().toISOString()
        const doc: ReportDoc = {
          seq: await nextSeq(),
          report: {
            id,
            ...(ctx.tenantId !== undefined ? { tenantId: ctx.tenantId } : {}),
            ownerId: ctx.userId,
            definition: structuredClone(definition),
            revision: 1,
            createdAt: at,
            updatedAt: at,
          },
          schedule: { computed: false },
        }
        await kv.compareAndSet(reportKey(ctx, id), undefined, JSON.stringify(doc))
        await kv.compareAndSet(`schedule/${id}`, undefined, tenantKey(ctx.tenantId))
        return toReport(doc)
      },
      async update(ctx, id, definition, expectedRevision) {
        const found = await read<ReportDoc>(reportKey(ctx, id))
        if (!found) throw notFound('report', id)
        const { doc } = found
        mayEdit(ctx, doc.report.ownerId)
        const stale = () =>
          new ReportwrightError({
            code: 'INVALID_DEFINITION',
            message: `Report "${id}" was changed by someone else (revision ${doc.report.revision}); reload it.`,
          })
        if (expectedRevision !== undefined && expectedRevision !== doc.report.revision)
          throw stale()
        const scheduleChanged =
          JSON.stringify(doc.report.definition.schedule ?? null) !==
          JSON.stringify(definition.schedule ?? null)
        const next: ReportDoc = {
          seq: doc.seq,
          report: {
            ...doc.report,
            definition: structuredClone(definition),
            revision: doc.report.revision + 1,
            updatedAt: now().toISOString(),
          },
          schedule: scheduleChanged ? { computed: false } : doc.schedule,
        }
        if (!(await kv.compareAndSet(reportKey(ctx, id), found.raw, JSON.stringify(next))))
          throw stale()
        return toReport(next)
      },
      async delete(ctx, id) {
        const found = await read<ReportDoc>(reportKey(ctx, id))
        if (!found) throw notFound('report', id)
        mayEdit(ctx, found.doc.report.ownerId)
        await kv.compareAndSet(reportKey(ctx, id), found.raw, undefined)
        await kv.compareAndSet(`schedule/${id}`, tenantKey(ctx.tenantId), undefined)
      },
    },

    schedules: {
      async listDue(at, limit) {
        const due: StoredSchedule[] = []
        for (const key of await kv.keys('schedule/')) {
          const reportId = key.slice('schedule/'.length)
          const tenant = await kv.get(key)
          const found = tenant && (await read<ReportDoc>(`report/${tenant}/${reportId}`))
          if (!found) continue
          const { report, schedule } = found.doc
          if (!report.definition.schedule?.enabled) continue
          if (
            schedule.computed &&
            (!schedule.nextRunAt || Date.parse(schedule.nextRunAt) > at.getTime())
          )
            continue
          due.push({
            reportId,
            ...(report.tenantId !== undefined ? { tenantId: report.tenantId } : {}),
            ownerId: report.ownerId,
            enabled: true,
            ...(schedule.nextRunAt ? { nextRunAt: new Date(schedule.nextRunAt) } : {}),
          })
        }
        due.sort(
          (a, b) => (a.nextRunAt?.getTime() ?? -Infinity) - (b.nextRunAt?.getTime() ?? -Infinity),
        )
        return due.slice(0, limit)
      },
      async setNextRun(reportId, nextRunAt) {
        const tenant = await kv.get(`schedule/${reportId}`)
        if (!tenant) return
        const key = `report/${tenant}/${reportId}`
        for (;;) {
          const found = await read<ReportDoc>(key)
          if (!found) return
          const next = {
            ...found.doc,
            schedule: {
              computed: true,
              ...(nextRunAt ? { nextRunAt: nextRunAt.toISOString() } : {}),
            },
          }
          if (await kv.compareAndSet(key, found.raw, JSON.stringify(next))) return
        }
      },
    },

    runs: {
      async start(ctx, run) {
        const doc: RunDoc = {
          seq: await nextSeq(),
          run: {
            id: randomUUID(),
            ...(ctx.tenantId !== undefined ? { tenantId: ctx.tenantId } : {}),
            userId: ctx.userId,
            ...(run.reportId !== undefined ? { reportId: run.reportId } : {}),
            reportName: run.reportName,
            format: run.format,
            trigger: run.trigger,
            ...(run.scheduledFor ? { scheduledFor: run.scheduledFor.toISOString() } : {}),
            status: 'running',
            startedAt: now().toISOString(),
            rowCount: 0,
            deliveries: [],
          },
        }
        await kv.compareAndSet(runKey(ctx, doc.run.id), undefined, JSON.stringify(doc))
        return toRun(doc)
      },
      async finish(ctx, id, outcome) {
        const found = await read<RunDoc>(runKey(ctx, id))
        if (!found) throw notFound('run', id)
        const done = () => forbid(`Run "${id}" already finished; a run is finished exactly once.`)
        if (found.doc.run.status !== 'running') throw done()
        const next: RunDoc = {
          seq: found.doc.seq,
          run: {
            ...found.doc.run,
            status: outcome.status,
            finishedAt: now().toISOString(),
            rowCount: outcome.rowCount,
            ...(outcome.file ? { file: outcome.file } : {}),
            deliveries: outcome.deliveries ? [...outcome.deliveries] : [],
            ...(outcome.error
              ? { error: { code: outcome.error.code, message: outcome.error.message } }
              : {}),
          },
        }
        if (!(await kv.compareAndSet(runKey(ctx, id), found.raw, JSON.stringify(next))))
          throw done()
        return toRun(next)
      },
      async get(ctx, id) {
        const found = await read<RunDoc>(runKey(ctx, id))
        return found && toRun(found.doc)
      },
      listByReport: (ctx, reportId, page) =>
        list<RunDoc, RunRecord>(`run/${tenantKey(ctx.tenantId)}/`, page, (doc) =>
          doc.run.reportId === reportId ? toRun(doc) : undefined,
        ),
    },

    leases: {
      async claim(occurrence, holder, ttlMs) {
        const key = `lease/${occurrence.scheduleId}@${occurrence.dueAt.toISOString()}`
        const at = now().getTime()
        const current = await kv.get(key)
        const held =
          current === undefined
            ? undefined
            : (JSON.parse(current) as { holder: string; expiresAt: number })
        if (held && held.holder !== holder && held.expiresAt > at) return undefined
        const lease: Lease = { ...occurrence, holder, expiresAt: new Date(at + ttlMs) }
        const stored = JSON.stringify({ holder, expiresAt: at + ttlMs, ttlMs })
        return (await kv.compareAndSet(key, current, stored)) ? lease : undefined
      },
      async renew(lease) {
        const key = `lease/${lease.scheduleId}@${lease.dueAt.toISOString()}`
        const at = now().getTime()
        const current = await kv.get(key)
        if (current === undefined) return false
        const held = JSON.parse(current) as { holder: string; expiresAt: number; ttlMs: number }
        if (held.holder !== lease.holder || held.expiresAt <= at) return false
        return kv.compareAndSet(
          key,
          current,
          JSON.stringify({ ...held, expiresAt: at + held.ttlMs }),
        )
      },
      async release(lease) {
        const key = `lease/${lease.scheduleId}@${lease.dueAt.toISOString()}`
        const current = await kv.get(key)
        if (current && (JSON.parse(current) as { holder: string }).holder === lease.holder) {
          await kv.compareAndSet(key, current, undefined)
        }
      },
    },
  }
}
