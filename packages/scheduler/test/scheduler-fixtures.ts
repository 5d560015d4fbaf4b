import { memoryStorage, parseReportDefinition } from '@reportwright/core'
import type {
  LeaseRepository,
  ReportDefinition,
  RequestContext,
  RunResult,
  ScheduleSpec,
  StorageAdapter,
} from '@reportwright/core'
import type { RunOptions } from '@reportwright/core'
import type { Clock } from '../src/clock'
import type { SchedulerEngine } from '../src/scheduler-types'

/** The storage the scheduler tests share between instances. */
export type TestStorage = StorageAdapter & { readonly leases: LeaseRepository }

/** A report definition with a schedule, JSON output so the default renderer serves it. */
export function scheduledReport(
  schedule: Partial<ScheduleSpec>,
  name = 'Scheduled',
): ReportDefinition {
  return parseReportDefinition({
    version: 1,
    name,
    dataset: 'sales',
    fields: [{ field: 'id' }],
    output: { format: 'json' },
    schedule: { enabled: true, frequency: 'daily', time: '09:00', timezone: 'UTC', ...schedule },
  })
}

/** What a stub run does: resolve a status, or wait for the test. */
export type StubBehaviour = (call: {
  readonly reportId: string
  readonly options: RunOptions
  readonly n: number
}) =>
  | Promise<Pick<RunResult, 'status' | 'error' | 'deliveries'>>
  | Pick<RunResult, 'status' | 'error' | 'deliveries'>

/** One call of the stub engine's `run`. */
export interface StubCall {
  readonly reportId: string
  readonly scheduledFor?: Date
  readonly asOf?: Date
  readonly tenantId?: string
}

/**
 * An engine whose runs are recorded in `storage` like the real one, but whose outcome the test
 * decides: no database needed for the runner's own logic.
 */
export function stubEngine(
  storage: TestStorage,
  behaviour: StubBehaviour = () => ({ status: 'succeeded', deliveries: [] }),
): SchedulerEngine & { readonly calls: StubCall[] } {
  const calls: StubCall[] = []
  return {
    storage,
    calls,
    check: async () => ({ ok: true, problems: [] }),
    async run(definitionOrId, options) {
      const reportId = String(definitionOrId)
      calls.push({
        reportId,
        ...(options.scheduledFor ? { scheduledFor: options.scheduledFor } : {}),
        ...(options.asOf ? { asOf: options.asOf } : {}),
        ...(options.context.tenantId ? { tenantId: options.context.tenantId } : {}),
      })
      const record = await storage.runs.start(options.context, {
        reportId,
        reportName: 'stub',
        format: 'json',
        trigger: options.trigger ?? 'manual',
        ...(options.scheduledFor ? { scheduledFor: options.scheduledFor } : {}),
      })
      const outcome = await behaviour({ reportId, options, n: calls.length })
      await storage.runs.finish(options.context, record.id, {
        status: outcome.status,
        rowCount: 0,
        ...(outcome.error ? { error: outcome.error } : {}),
      })
      return { id: record.id, rowCount: 0, ...outcome, deliveries: outcome.deliveries ?? [] }
    },
  }
}

/** A promise the test settles by hand. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

/** Creates reports (one per id) through the storage, as a tenant's user would. */
export async function createReports(
  storage: TestStorage,
  context: RequestContext,
  definitions: readonly ReportDefinition[],
): Promise<string[]> {
  const ids: string[] = []
  for (const definition of definitions)
    ids.push((await storage.reports.create(context, definition)).id)
  return ids
}

/** Memory storage on the test clock, with predictable ids. */
export function testStorage(clock: Clock): TestStorage {
  let n = 0
  return memoryStorage({ clock, idGenerator: () => `id-${++n}` })
}

/** The (scheduleId, fire time) pairs the engine was asked to run, as strings. */
export function runKeys(calls: readonly StubCall[]): string[] {
  return calls.map((call) => `${call.reportId}@${call.scheduledFor?.toISOString()}`)
}
