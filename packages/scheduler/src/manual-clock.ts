import type { Clock } from './clock'

/** A {@link Clock} that only moves when told to: for tests, no sleeping. */
export interface ManualClock extends Clock {
  /** Sets the time and fires every timer due by then, in order. */
  set(now: Date): Promise<void>
  /** Moves the time forward by `ms` and fires due timers. */
  advance(ms: number): Promise<void>
  /** Timers waiting to fire. */
  pending(): number
}

/** Creates a {@link ManualClock} starting at `start`. */
export function manualClock(start: Date): ManualClock {
  let now = start.getTime()
  let nextId = 1
  const timers = new Map<number, { at: number; fn: () => void }>()

  const clock: ManualClock = {
    now: () => new Date(now),
    setTimeout(fn, ms) {
      const id = nextId++
      timers.set(id, { at: now + Math.max(0, ms), fn })
      return id
    },
    clearTimeout(id) {
      timers.delete(id as number)
    },
    async set(target) {
      const until = target.getTime()
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        timers.delete(due[0])
        now = Math.max(now, due[1].at)
        due[1].fn()
        // Let promise chains started by the timer settle before the next one fires.
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      now = Math.max(now, until)
    },
    advance(ms) {
      return clock.set(new Date(now + ms))
    },
    pending: () => timers.size,
  }
  return clock
}
