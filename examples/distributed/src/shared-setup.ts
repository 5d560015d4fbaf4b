// What the coordinator and its workers share: one SQL database, one file folder, one queue.

/** Where the shared storage lives. */
export type StorageSetup =
  | { readonly kind: 'postgres'; readonly url: string; readonly tablePrefix: string }
  | { readonly kind: 'sqlite'; readonly file: string; readonly tablePrefix: string }

/** Everything a worker process needs to join the coordinator's setup. */
export interface SharedSetup {
  readonly storage: StorageSetup
  /** The sample sales data (SQLite), written once by the coordinator, read by every process. */
  readonly dataFile: string
  /** The folder every process writes rendered files to. */
  readonly filesDir: string
  readonly redisUrl: string
  readonly queueName: string
  /** BullMQ key prefix, random per run so two runs of the example never meet in Redis. */
  readonly queuePrefix: string
}

/** The environment variable that carries the setup to a worker. */
export const SETUP_ENV = 'RW_DISTRIBUTED_SETUP'

/** Reads the setup the coordinator put in the environment. */
export function setupFromEnv(env: NodeJS.ProcessEnv = process.env): SharedSetup {
  const text = env[SETUP_ENV]
  if (!text) throw new Error(`${SETUP_ENV} is not set: start workers through src/main.ts`)
  return JSON.parse(text) as SharedSetup
}

/** Messages a worker sends its coordinator over the IPC channel. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly pid: number }
  | {
      readonly type: 'ran'
      readonly pid: number
      readonly scheduleId: string
      readonly fireTime: string
      readonly runIds: readonly string[]
    }
  | {
      readonly type: 'failed'
      readonly pid: number
      readonly scheduleId: string
      readonly message: string
    }
  | { readonly type: 'stopped'; readonly pid: number }

/** Messages the coordinator sends a worker. */
export type CoordinatorMessage = { readonly type: 'stop' }
