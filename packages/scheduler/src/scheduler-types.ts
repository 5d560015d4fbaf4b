import type {
  LeaseRepository,
  Logger,
  ReportEngine,
  RequestContext,
  StorageAdapter,
  StoredSchedule,
} from '@reportwright/core'
import type { Clock } from './clock'
import type { OccurrenceKey, OccurrenceRecord, OccurrenceStore } from './occurrence-store'

/** What to do with occurrences missed while no instance was polling. */
export const CATCH_UP_POLICIES = ['skip', 'once', 'all'] as const
/**
 * `skip`: run none of them, only the next one on time; `once`: one run (the latest missed) for
 * all of them; `all`: each, oldest first, at most `catchUpLimit` (the most recent ones).
 */
export type CatchUpPolicy = (typeof CATCH_UP_POLICIES)[number]

/** Which ended occurrence records a runner prunes, and how often; see `occurrenceRetention`. */
export interface OccurrenceRetention {
  /** Ended occurrences fired longer ago than this are deleted. */
  readonly maxAgeMs: number
  /** Each schedule's newest occurrences kept whatever their age. Defaults to 100. */
  readonly keepLast?: number
  /** Time between prunes. Defaults to one hour. */
  readonly intervalMs?: number
}

/** How failed attempts are retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included. Defaults to 3. */
  readonly attempts?: number
  /** Delay before the second attempt; doubles after each failure. Defaults to 30 s. */
  readonly baseDelayMs?: number
  /** Longest delay between attempts. Defaults to 15 minutes. */
  readonly maxDelayMs?: number
}

/** The part of the report engine the scheduler calls. */
export type SchedulerEngine = Pick<ReportEngine, 'run' | 'check' | 'storage'>

/** Why a schedule paused itself, for the owner and the host's webhook. */
export interface SchedulePausedNotice {
  readonly scheduleId: string
  readonly tenantId?: string
  readonly ownerId: string
  readonly reason: string
  readonly consecutiveFailures: number
  readonly lastError?: { readonly code: string; readonly message: string }
  readonly pausedAt: Date
}

/** A host webhook told (POST, JSON body {@link SchedulePausedNotice}) when a schedule pauses itself. */
export interface PauseWebhook {
  readonly url: string
  readonly headers?: Readonly<Record<string, string>>
  /** Defaults to the global `fetch`. */
  readonly fetch?: (
    url: string,
    init: { method: string; headers: Record<string, string>; body: string },
  ) => Promise<{ readonly ok: boolean; readonly status: number }>
}

/** Options of {@link createScheduler}. */
export interface SchedulerOptions {
  /** Runs and checks the reports. */
  readonly engine: SchedulerEngine
  /** Reports, schedules, runs and leases. Defaults to `engine.storage`, which must have `leases`. */
  readonly storage?: StorageAdapter & { readonly leases: LeaseRepository }
  /**
   * The record of occurrences and pause state. Defaults to `storageOccurrenceStore(storage)`:
   * shared by every process when the storage declares `occurrences` and the schedules' pause
   * capabilities (sqlStorage, memoryStorage), else kept in this process.
   */
  readonly occurrences?: OccurrenceStore
  /** Names this instance in leases; unique per process. Defaults to a random id. */
  readonly instanceId?: string
  /** Time between polls. Defaults to 15 s. */
  readonly pollIntervalMs?: number
  /** Lease lifetime, renewed every third of it while a run lasts. Defaults to 60 s. */
  readonly leaseTtlMs?: number
  /** Missed occurrences after downtime. Defaults to `'once'`. */
  readonly catchUp?: CatchUpPolicy
  /** Most missed occurrences `catchUp: 'all'` runs per schedule. Defaults to 10. */
  readonly catchUpLimit?: number
  /** An occurrence found later than this after its fire time counts as missed. Defaults to 5 minutes. */
  readonly missedAfterMs?: number
  /** Retries of failed attempts. Defaults to 3 attempts, 30 s doubling, 15 minutes at most. */
  readonly retry?: RetryPolicy
  /** Runs at once in this instance. Defaults to 4. */
  readonly concurrency?: number
  /** Runs at once per tenant in this instance. Defaults to 2. */
  readonly tenantConcurrency?: number
  /** Occurrences start at a random moment within this window after their fire time. Defaults to 10 s. */
  readonly jitterMs?: number
  /** Random numbers in [0, 1) for the jitter. Defaults to `Math.random`. */
  readonly random?: () => number
  /** Consecutive failed occurrences after which a schedule pauses itself. Defaults to 3. */
  readonly pauseAfterFailures?: number
  /** Tells the report's owner why their schedule paused (e.g. an email). Defaults to none. */
  readonly notifyOwner?: (notice: SchedulePausedNotice) => void | Promise<void>
  /** A host webhook told when a schedule pauses itself. Defaults to none. */
  readonly webhook?: PauseWebhook
  /** Calls `engine.check` before each attempt; a problem fails the attempt. Defaults to `true`. */
  readonly checkBeforeRun?: boolean
  /** Who a scheduled run runs as. Defaults to the owner, in the report's tenant, with no roles. */
  readonly contextFor?: (schedule: ScheduleOwner) => RequestContext | Promise<RequestContext>
  /** How long `stop()` waits for runs before cancelling them. Defaults to 30 s. */
  readonly stopTimeoutMs?: number
  /** Due schedules read per poll. Defaults to 500. */
  readonly batchSize?: number
  /**
   * How long ended occurrence records are kept: pruned on the first poll and then every
   * `intervalMs` through `occurrences.pruneOccurrences` (when the store has it). `false` keeps
   * them forever. Defaults to 90 days, the newest 100 per schedule kept, checked hourly.
   */
  readonly occurrenceRetention?: OccurrenceRetention | false
  /** Defaults to the system clock. */
  readonly clock?: Clock
  /** Defaults to `silentLogger`. */
  readonly logger?: Logger
}

/** Whose schedule it is: enough to build the run's request context. */
export type ScheduleOwner = Pick<StoredSchedule, 'reportId' | 'tenantId' | 'ownerId'>

/** What one poll did. */
export interface TickResult {
  /** Occurrences created by this poll (to run now or after their jitter). */
  readonly scheduled: number
  /** Attempts started by this poll. */
  readonly started: number
  /** Missed occurrences the catch-up policy skipped. */
  readonly skipped: number
  /** Runs of dead instances found and handed back to the retry policy. */
  readonly abandoned: number
  /** Final or retrying states of the attempts this poll started (`tick()` waits for them). */
  readonly finished: readonly OccurrenceRecord[]
}

/** Something the scheduler did; see {@link Scheduler.subscribe}. */
export type SchedulerEvent =
  | { readonly type: 'occurrence:scheduled'; readonly occurrence: OccurrenceRecord }
  | { readonly type: 'occurrence:started'; readonly occurrence: OccurrenceRecord }
  | { readonly type: 'occurrence:succeeded'; readonly occurrence: OccurrenceRecord }
  | { readonly type: 'occurrence:retrying'; readonly occurrence: OccurrenceRecord }
  | { readonly type: 'occurrence:failed'; readonly occurrence: OccurrenceRecord }
  | { readonly type: 'occurrence:skipped'; readonly occurrence: OccurrenceRecord }
  | { readonly type: 'occurrence:abandoned'; readonly occurrence: OccurrenceRecord }
  | { readonly type: 'schedule:paused'; readonly notice: SchedulePausedNotice }
  | { readonly type: 'schedule:resumed'; readonly scheduleId: string }
  | { readonly type: 'error'; readonly message: string; readonly key?: OccurrenceKey }

/** A running scheduler; see {@link createScheduler}. */
export interface Scheduler {
  /** Polls every `pollIntervalMs` from now on (the first poll at once). */
  start(): void
  /** Stops polling, lets runs finish (cancels them after `stopTimeoutMs`) and releases leases. */
  stop(): Promise<void>
  /** One poll at `now` (defaults to the clock); resolves when the attempts it started end. */
  tick(now?: Date): Promise<TickResult>
  /** Listens to {@link SchedulerEvent}s; returns the unsubscribe function. */
  subscribe(listener: (event: SchedulerEvent) => void): () => void
  /** Pauses a schedule: no new occurrence starts until `resume`. */
  pause(scheduleId: string, reason?: string): Promise<void>
  /** Resumes a paused schedule from its next future fire time and clears its failure streak. */
  resume(scheduleId: string): Promise<void>
  /** The record of occurrences this scheduler writes. */
  readonly occurrences: OccurrenceStore
}
