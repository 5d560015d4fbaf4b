/** A part of docs/benchmarks.md and the lines it adds to the printed summary. */
export interface ReportSection {
  /** Sort key and heading. */
  readonly order: number
  readonly title: string
  readonly body: string
  readonly summary: readonly string[]
}

/** A section that could not be measured, with the reason in one line. */
export function missingSection(order: number, title: string, reason: string): ReportSection {
  return {
    order,
    title,
    body: `Not measured: ${reason}.`,
    summary: [`${title}: not measured (${reason})`],
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
