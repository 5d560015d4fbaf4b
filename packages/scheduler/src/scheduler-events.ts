import type { Logger } from '@reportwright/core'
import type { SchedulerEvent } from './scheduler-types'

/** The listeners of a runner's events; a listener that throws is logged, never the runner's problem. */
export interface SchedulerEvents {
  emit(event: SchedulerEvent): void
  subscribe(listener: (event: SchedulerEvent) => void): () => void
}

/** Events for one runner (in-process or BullMQ). */
export function schedulerEvents(logger: Logger): SchedulerEvents {
  const listeners = new Set<(event: SchedulerEvent) => void>()
  return {
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event)
        } catch (error) {
          logger.warn({ error: String(error) }, 'scheduler listener threw')
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** An error's message for logs and run records. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
