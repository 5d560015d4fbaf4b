/** mulberry32: a small, fast PRNG; the same seed always gives the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** One item, uniformly. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

/** An integer in `[min, max]`. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

/**
 * Picks indexes by weight in O(log n): cumulative weights, then a binary search. Used for days
 * (seasonality) and products (best sellers).
 */
export function weightedPicker(weights: readonly number[]): (random: () => number) => number {
  const cumulative: number[] = []
  let total = 0
  for (const weight of weights) {
    total += weight
    cumulative.push(total)
  }
  return (random) => {
    const target = random() * total
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >> 1
      if ((cumulative[middle] as number) <= target) low = middle + 1
      else high = middle
    }
    return low
  }
}
