import type { RunRecord } from '../ports/storage-adapter'
import type { OutputFormat } from '../model/output'
import type { ExecuteResponse } from './api-schemas'
import type { RouteInput } from './route-types'

/**
 * Starts `engine.run()` and answers as soon as the run is recorded, with its id; the run goes
 * on in the background (tracked so the handler can wait for it when closing).
 */
export async function startRunInBackground(
  input: RouteInput,
  options: {
    readonly reportId: string
    readonly format?: OutputFormat | undefined
    readonly deliver?: boolean | undefined
  },
): Promise<ExecuteResponse> {
  const { runtime, context } = input
  const { engine } = runtime
  let started = (_record: RunRecord): void => undefined
  const onStart = new Promise<RunRecord>((resolve) => (started = resolve))
  const run = engine.run(options.reportId, {
    context,
    trigger: 'manual',
    ...(options.format ? { format: options.format } : {}),
    ...(options.deliver !== undefined ? { deliver: options.deliver } : {}),
    onStart: (record) => started(record),
  })
  const tracked = run.then(
    (result) => {
      runtime.logger.info({ runId: result.id, status: result.status }, 'background run ended')
    },
    (error: unknown) => {
      runtime.logger.error({ reportId: options.reportId, error: String(error) }, 'run failed')
    },
  )
  runtime.background.add(tracked)
  void tracked.finally(() => runtime.background.delete(tracked))
  // A run that fails before it is recorded (unknown report, invalid definition) rejects here.
  return Promise.race([
    onStart.then((record) => ({ runId: record.id, status: record.status })),
    run.then((result) => ({ runId: result.id, status: result.status })),
  ])
}
