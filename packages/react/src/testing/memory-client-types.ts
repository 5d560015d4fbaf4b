import type {
  ApiReport,
  ApiRun,
  ReportCapabilities,
  ReportRole,
  ReportwrightClient,
} from '@reportwright/core/client'
import type { ReportDefinitionInput } from '@reportwright/core/model'
import type { SampleRow } from './sample-rows'

/** A method of the client interface. */
export type MemoryClientMethod = keyof ReportwrightClient

/** A saved report to start with: a definition, optionally with its id and past runs. */
export interface MemoryReportSeed {
  readonly id?: string
  readonly definition: ReportDefinitionInput
  readonly ownerId?: string
  /** ISO time of the last change. Defaults to "now" minus the seed's position in days. */
  readonly updatedAt?: string
  /**
   * Runs of this report, newest first. A `running` run finishes after `runDelayMs` like one
   * started by `executeReport`.
   */
  readonly runs?: readonly MemoryRunSeed[]
}

/** A past (or still running) run of a seeded report. */
export interface MemoryRunSeed {
  readonly status: 'running' | 'succeeded' | 'failed'
  /** ISO start time. Defaults to a few hours before now, one hour apart per run. */
  readonly startedAt?: string
  readonly format?: ApiRun['format']
  readonly trigger?: ApiRun['trigger']
  /** Error of a failed run. Defaults to a `QUERY_FAILED` message. */
  readonly error?: { readonly code: string; readonly message: string }
}

/** Options of {@link createMemoryClient}. */
export interface MemoryClientOptions {
  /** Delay of every call in milliseconds (abortable through `signal`). Defaults to `0`. */
  readonly latencyMs?: number
  /** How long a run stays `running` before it ends. Defaults to `300`. */
  readonly runDelayMs?: number
  /** Makes runs fail: all of them, or those the function picks. Defaults to `false`. */
  readonly failRuns?: boolean | ((report: ApiReport) => boolean)
  /** Makes a method throw the given error (for error states); change later with `setFailure`. */
  readonly failures?: Partial<Record<MemoryClientMethod, Error>>
  /** Saved reports to start with. Defaults to {@link SAMPLE_REPORTS}; pass `[]` for none. */
  readonly reports?: readonly (ReportDefinitionInput | MemoryReportSeed)[]
  /** What the user may do (datasets, formats, channels, frequencies…), as a host returns it. */
  readonly capabilities?: ReportCapabilities
  /** The user's role. Defaults to `user`; `readonly` may not create reports. */
  readonly role?: ReportRole
  /** The clock for run times and relative date filters. Defaults to the system clock. */
  readonly now?: () => Date
  /** Id of the signed-in user, the owner of new reports. Defaults to `user-1`. */
  readonly userId?: string
  /** Seed of the sample rows. Defaults to `42`. */
  readonly seed?: number
}

/** A run file kept in memory. */
export interface MemoryRunFile {
  readonly filename: string
  readonly contentType: string
  readonly content: string
}

/** Everything the memory client holds, for tests to read or change directly. */
export interface MemoryStore {
  readonly reports: Map<string, ApiReport>
  readonly runs: Map<string, ApiRun>
  readonly files: Map<string, MemoryRunFile>
  /** The sample tables by dataset id (`sales`, `customers`, `products`, `regions`). */
  readonly rows: ReadonlyMap<string, readonly SampleRow[]>
}

/** The in-memory client: the full client interface plus its state. */
export interface MemoryClient extends ReportwrightClient {
  readonly store: MemoryStore
  /** Makes `method` throw `error` from now on; `undefined` restores it. */
  setFailure(method: MemoryClientMethod, error: Error | undefined): void
  /** Changes whether runs started from now on fail. */
  setFailRuns(failRuns: MemoryClientOptions['failRuns']): void
  /** Stops the timers of runs still going (they stay `running`). */
  dispose(): void
}
