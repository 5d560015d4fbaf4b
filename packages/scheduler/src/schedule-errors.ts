import { ReportwrightError } from '@reportwright/core'
import type { ReportwrightIssue } from '@reportwright/core'

/** An `INVALID_DEFINITION` error located at `schedule.<field>` in the report definition. */
export function invalidSchedule(issues: readonly ReportwrightIssue[]): ReportwrightError {
  const first = issues[0]
  const where = first ? ` at ${first.path.join('.')}` : ''
  return new ReportwrightError({
    code: 'INVALID_DEFINITION',
    message: `Invalid schedule${where}: ${first?.message ?? 'unknown problem'}${
      issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    }`,
    details: { issues },
  })
}
