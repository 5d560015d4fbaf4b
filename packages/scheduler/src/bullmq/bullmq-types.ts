/** A BullMQ job as the worker sees it (structural: bullmq is an optional peer). */
export interface BullmqJobLike<TData> {
  readonly id?: string
  readonly data: TData
  readonly timestamp: number
  readonly attemptsMade: number
  readonly opts: {
    readonly prevMillis?: number
    readonly delay?: number
    readonly attempts?: number
  }
  /** Replaces the job's data (BullMQ `Job.updateData`). */
  updateData?(data: TData): Promise<void>
  /** Puts the job back until `timestamp` without spending an attempt (BullMQ `Job.moveToDelayed`). */
  moveToDelayed?(timestamp: number, token?: string): Promise<void>
}

/** The parts of a BullMQ `Queue` the scheduler uses. */
export interface BullmqQueueLike {
  upsertJobScheduler(
    id: string,
    repeat: {
      readonly pattern: string
      readonly tz: string
      readonly startDate?: Date
      readonly endDate?: Date
    },
    template: { readonly name: string; readonly data: unknown; readonly opts: object },
  ): Promise<unknown>
  removeJobScheduler(id: string): Promise<boolean>
  getJobSchedulers(
    start?: number,
    end?: number,
  ): Promise<
    readonly {
      readonly key: string
      readonly id?: string | null
      readonly pattern?: string | null
      readonly tz?: string | null
      readonly template?: { readonly data?: unknown }
    }[]
  >
  /** Adds one job (catch-up occurrences). */
  add(name: string, data: unknown, opts: object): Promise<unknown>
  /** Caps jobs running at once across every worker of the queue. */
  setGlobalConcurrency(concurrency: number): Promise<unknown>
  close(): Promise<void>
}

/** The parts of a BullMQ `Worker` the scheduler uses. */
export interface BullmqWorkerLike {
  on(event: 'error', listener: (error: Error) => void): unknown
  close(): Promise<void>
}

/** The BullMQ module, or a stand-in with the same constructors. */
export interface BullmqLib {
  readonly Queue: new (
    name: string,
    options: { connection: object; prefix?: string },
  ) => BullmqQueueLike
  readonly Worker: new (
    name: string,
    processor: (
      job: BullmqJobLike<never>,
      token?: string,
      signal?: AbortSignal,
    ) => Promise<unknown>,
    options: {
      connection: object
      prefix?: string
      concurrency: number
      autorun?: boolean
      lockDuration?: number
      stalledInterval?: number
    },
  ) => BullmqWorkerLike
  readonly UnrecoverableError: new (message: string) => Error
  /** Thrown after `moveToDelayed` so the worker leaves the job delayed. */
  readonly DelayedError: new (message?: string) => Error
}
