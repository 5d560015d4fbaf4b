// How the demo talks to the terminal: step headings, progress lines and a plain table.

const interactive = process.stdout.isTTY === true

/** A heading for one numbered step. */
export function heading(text: string): void {
  console.log(`\n${text}`)
}

/** A line under a step. */
export function line(text: string): void {
  console.log(`  ${text}`)
}

/** A long-running step: its progress rewrites one line on a terminal, or is printed once in a log. */
export interface Progress {
  update(text: string): void
  done(text: string): void
}

/** Prints `label…` and returns the handle that reports progress and the outcome. */
export function progress(label: string): Progress {
  let last = ''
  const write = (text: string): void => {
    if (interactive) process.stdout.write(`\r\x1b[2K  ${text}`)
    else if (text !== last) console.log(`  ${text}`)
    last = text
  }
  write(`${label}…`)
  return {
    update(text) {
      // In a log, only the start and the end: no wall of counters.
      if (interactive) write(`${label}… ${text}`)
    },
    done(text) {
      if (interactive) process.stdout.write(`\r\x1b[2K  ${text}\n`)
      else console.log(`  ${text}`)
    },
  }
}

/** `1234567` → `1,234,567`. */
export function count(value: number): string {
  return value.toLocaleString('en-US')
}

/** Bytes for people: `812 B`, `48.1 KB`, `7.4 MB`. */
export function bytes(value: number): string {
  if (value < 1024) return `${value} B`
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KB`
  return `${(value / 1024 / 1024).toFixed(1)} MB`
}

/** Milliseconds for people: `850 ms`, `1.2 s`. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** A table with a header row; columns listed in `right` are right-aligned (numbers). */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: ReadonlySet<number> = new Set(),
): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const format = (row: readonly string[]): string =>
    row
      .map((cell, column) =>
        right.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd()
  line(format(header))
  line(widths.map((width) => '─'.repeat(width)).join('  '))
  for (const row of rows) line(format(row))
}
