/**
 * A schedule's start delay within `[0, jitterMs)`: the same for every occurrence of one schedule
 * and spread evenly across schedules (a hash of the id), so schedules due at one instant start
 * apart while each keeps its rhythm. The occurrence's fire time stays the nominal one.
 */
export function jitterOffset(scheduleId: string, jitterMs: number): number {
  if (!(jitterMs > 0)) return 0
  let hash = 0x811c9dc5
  for (let index = 0; index < scheduleId.length; index++) {
    hash ^= scheduleId.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  // MurmurHash3's finaliser: ids that differ in one character land far apart.
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b) >>> 0
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0
  hash ^= hash >>> 16
  hash >>>= 0
  return Math.floor((hash / 2 ** 32) * jitterMs)
}
