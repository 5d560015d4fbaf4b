/**
 * The few operations a key-value database needs for Reportwright storage. Redis, DynamoDB,
 * etcd or a SQL table can all provide them; `compareAndSet` is what makes claims atomic.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>
  /** Writes `next` only if the current value is `expected` (`undefined`: absent). */
  compareAndSet(
    key: string,
    expected: string | undefined,
    next: string | undefined,
  ): Promise<boolean>
  /** Keys starting with `prefix`. */
  keys(prefix: string): Promise<string[]>
}

/** A {@link KeyValueStore} in a Map, with an await in every call like a networked one. */
export function mapKeyValueStore(): KeyValueStore {
  const map = new Map<string, string>()
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve))
  return {
    async get(key) {
      await tick()
      return map.get(key)
    },
    async compareAndSet(key, expected, next) {
      await tick()
      if (map.get(key) !== expected) return false
      if (next === undefined) map.delete(key)
      else map.set(key, next)
      return true
    },
    async keys(prefix) {
      await tick()
      return [...map.keys()].filter((key) => key.startsWith(prefix))
    },
  }
}
