/** A clock the conformance kits move by hand. */
export interface ConformanceClock {
  now(): Date
  /** Moves time forward by `ms`. */
  advance(ms: number): void
}

/** A {@link ConformanceClock} starting at `start`. */
export function conformanceClock(start: Date): ConformanceClock {
  let now = start.getTime()
  return {
    now: () => new Date(now),
    advance: (ms) => void (now += ms),
  }
}
