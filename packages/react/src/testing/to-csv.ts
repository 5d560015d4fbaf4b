import type { PreviewResponse } from '@reportwright/core/client'

const quote = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A small RFC 4180 CSV of a report's columns and rows (the memory client's run files). */
export function toCsv(
  columns: PreviewResponse['columns'],
  rows: readonly Readonly<Record<string, unknown>>[],
): string {
  const lines = [columns.map((column) => quote(column.label)).join(',')]
  for (const row of rows) lines.push(columns.map((column) => quote(row[column.key])).join(','))
  return `${lines.join('\r\n')}\r\n`
}
