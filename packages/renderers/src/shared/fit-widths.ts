/**
 * Shrinks the widest text columns until the table fits (numbers keep their width unless text
 * columns alone cannot make room), then gives spare width to the text columns.
 */
export function fitWidths(
  natural: readonly number[],
  available: number,
  keep: readonly boolean[] = [],
): number[] {
  const capped = (cap: number, all: boolean): number[] =>
    natural.map((width, index) => (all || !keep[index] ? Math.min(width, cap) : width))
  const sum = (widths: readonly number[]): number => widths.reduce((acc, width) => acc + width, 0)
  let widths = [...natural]
  if (sum(widths) > available) {
    const all = sum(capped(36, false)) > available
    let low = 0
    let high = Math.max(...natural)
    for (let step = 0; step < 40; step++) {
      const cap = (low + high) / 2
      if (sum(capped(cap, all)) > available) high = cap
      else low = cap
    }
    widths = capped(low, all)
  }
  // Spare width goes to text columns, so figures stay together at the right like a statement.
  const spare = available - sum(widths)
  const growing = widths.filter((_width, index) => !keep[index]).length
  if (spare > 0 && growing > 0)
    widths = widths.map((width, index) => (keep[index] ? width : width + spare / growing))
  else if (spare > 0 && widths.length > 0)
    widths = widths.map((width) => width + spare / widths.length)
  return widths
}
