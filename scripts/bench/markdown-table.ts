/** A GitHub-flavoured Markdown table; `|` inside cells is escaped. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ')
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
export const megabytes = (kb: number): string => `${Math.round(kb / 1024)} MB`
export const ratio = (value: number): string =>
  Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a'
export const milliseconds = (ms: number): string => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`
export const count = (n: number): string => Math.round(n).toLocaleString('en-US')
