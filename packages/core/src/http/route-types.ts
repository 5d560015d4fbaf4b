import type { RequestContext } from '../context/request-context'
import type { ReportEngine } from '../engine/create-report-engine'
import type { ScheduleSpec } from '../model/schedule'
import type { Logger } from '../ports/logger'
import type { ReportRole, ResolvedCapabilities } from './api-schemas'
import type { AuditEntry, AuditSink } from './audit-sink'

/** Computes the next occurrences of a schedule (`nextRuns` of `@reportwright/scheduler` fits). */
export type NextRunsFunction = (
  schedule: ScheduleSpec,
  from: Date,
  count: number,
) => readonly Date[] | Promise<readonly Date[]>

/** What every route can use: the engine and the handler's own services. */
export interface HandlerRuntime {
  readonly engine: ReportEngine
  readonly maxBodyBytes: number
  readonly audit: AuditSink
  readonly logger: Logger
  readonly clock: { now(): Date }
  readonly nextRuns: NextRunsFunction | undefined
  /** Runs started by this handler that have not finished yet. */
  readonly background: Set<Promise<unknown>>
  /** Per-report queues so two executes of one report find their own run id. */
}

/** One request as a route sees it, after authentication and rate limiting. */
export interface RouteInput {
  readonly request: Request
  readonly url: URL
  readonly params: Readonly<Record<string, string>>
  readonly context: RequestContext
  readonly role: ReportRole
  readonly capabilities: ResolvedCapabilities
  readonly requestId: string
  readonly runtime: HandlerRuntime
  /** Writes an audit entry for this request; a failing sink is logged, never fatal. */
  audit(entry: Omit<AuditEntry, 'userId' | 'tenantId' | 'at' | 'requestId'>): Promise<void>
}

/** One route: a method, a path pattern (`:name` segments are ids) and its handler. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  readonly path: string
  handle(input: RouteInput): Promise<Response>
}
