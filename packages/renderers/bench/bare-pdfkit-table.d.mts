import type { Writable } from 'node:stream'

/** Writes `rows` (arrays of cell text) under `header` to `out` with pdfkit directly. */
export function writePdfkitTable(
  header: readonly string[],
  rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
  out: Writable,
): Promise<void>
