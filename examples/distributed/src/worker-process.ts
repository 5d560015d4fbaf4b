// The coordinator's side of a worker: fork it, hear what it ran, stop it.
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { SETUP_ENV } from './shared-setup'
import type { CoordinatorMessage, SharedSetup, WorkerMessage } from './shared-setup'

const WORKER_SCRIPT = fileURLToPath(new URL('./worker.ts', import.meta.url))
const EXAMPLE_DIR = fileURLToPath(new URL('..', import.meta.url))

/** A forked worker process. */
export interface WorkerProcess {
  readonly child: ChildProcess
  /** Resolves with the worker's pid once its BullMQ worker listens. */
  readonly ready: Promise<number>
  /** Resolves with the exit code when the process has ended. */
  readonly exited: Promise<number | null>
  /** Asks the worker to finish its running jobs and exit; kills it after `graceMs`. */
  stop(graceMs?: number): Promise<number | null>
}

/** Forks `src/worker.ts` (through tsx) and passes every message it sends to `onMessage`. */
export function forkWorker(
  setup: SharedSetup,
  onMessage: (message: WorkerMessage) => void,
): WorkerProcess {
  const child = fork(WORKER_SCRIPT, [], {
    cwd: EXAMPLE_DIR,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, [SETUP_ENV]: JSON.stringify(setup) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const ready = new Promise<number>((resolve, reject) => {
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') resolve(message.pid)
      onMessage(message)
    })
    void exited.then((code) =>
      reject(new Error(`a worker exited with ${code} before it was ready`)),
    )
  })
  // Once ready, a later exit is reported through `exited`, not as an unhandled rejection.
  ready.catch(() => undefined)
  return {
    child,
    ready,
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      if (child.connected) child.send({ type: 'stop' } satisfies CoordinatorMessage)
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      const code = await exited
      clearTimeout(timer)
      return code
    },
  }
}
