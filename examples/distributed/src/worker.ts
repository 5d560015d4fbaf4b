// A worker process: runs the occurrences BullMQ hands it and tells the coordinator about each.
import { Redis } from 'ioredis'
import { bullmqScheduler } from '@reportwright/scheduler/bullmq'
import { openEngine } from './open-engine'
import { setupFromEnv } from './shared-setup'
import type { CoordinatorMessage, WorkerMessage } from './shared-setup'

const setup = setupFromEnv()
const send = (message: WorkerMessage): void => {
  if (process.connected) process.send?.(message)
}

const { engine, close } = openEngine(setup)
const connection = new Redis(setup.redisUrl, { maxRetriesPerRequest: null })
const scheduler = bullmqScheduler({
  engine,
  connection,
  queueName: setup.queueName,
  prefix: setup.queuePrefix,
  concurrency: 2,
})
scheduler.subscribe((event) => {
  if (event.type === 'occurrence:succeeded')
    send({
      type: 'ran',
      pid: process.pid,
      scheduleId: event.occurrence.scheduleId,
      fireTime: event.occurrence.fireTime.toISOString(),
      runIds: event.occurrence.runIds,
    })
  if (event.type === 'occurrence:failed')
    send({
      type: 'failed',
      pid: process.pid,
      scheduleId: event.occurrence.scheduleId,
      message: event.occurrence.error?.message ?? 'unknown error',
    })
})
await scheduler.start()
send({ type: 'ready', pid: process.pid })

let stopping: Promise<void> | undefined
function stop(): Promise<void> {
  // Running jobs finish first; then nothing is left open and the process ends by itself.
  stopping ??= (async () => {
    await scheduler.stop()
    await connection.quit()
    await close()
    send({ type: 'stopped', pid: process.pid })
    if (process.connected) process.disconnect()
  })()
  return stopping
}
process.on('message', (message: CoordinatorMessage) => {
  if (message.type === 'stop') void stop()
})
// The coordinator went away without saying stop: stop all the same.
process.on('disconnect', () => void stop())
process.on('SIGTERM', () => void stop())
