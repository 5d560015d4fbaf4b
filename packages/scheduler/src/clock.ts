/** Where the scheduler reads time and sets timers; inject a manual one in tests. */
export interface Clock {
  now(): Date
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(id: unknown): void
}

/** The system clock: `Date` and the global timers (unref'd so they never keep a process alive). */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout(fn, ms) {
    const id = setTimeout(fn, ms)
    id.unref?.()
    return id
  },
  clearTimeout(id) {
    clearTimeout(id as ReturnType<typeof setTimeout>)
  },
}
