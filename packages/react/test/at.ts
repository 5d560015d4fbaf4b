/** The item at `index`, failing the test clearly when there is none. */
export function at<TItem>(items: readonly TItem[], index: number): TItem {
  const item = items[index]
  if (item === undefined) throw new Error(`Expected an item at index ${index} of ${items.length}.`)
  return item
}
