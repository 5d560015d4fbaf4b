import { systemClock } from '@reportwright/scheduler'
import type { Clock } from '@reportwright/scheduler'

/** The system clock, which the demo can move forward to just past a schedule's fire time. */
export interface DemoClock extends Clock {
  /** From now on, `now()` continues from `instant`. */
  jumpTo(instant: Date): void
}

/**
 * One clock for the engine, the storage and the scheduler, so that a run fired "next Monday at
 * 09:00" is recorded at that time without waiting for it.
 */
export function demoClock(): DemoClock {
  let offsetMs = 0
  return {
    now: () => new Date(Date.now() + offsetMs),
    setTimeout: (fn, ms) => systemClock.setTimeout(fn, ms),
    clearTimeout: (id) => systemClock.clearTimeout(id),
    jumpTo(instant) {
      offsetMs = instant.getTime() - Date.now()
    },
  }
}
