import { ReportDefinitionSchema } from '@reportwright/core/model'
import type { MessageKey } from '../../messages/catalog'
import { stepOfPath } from './step-of-path'
import type { WizardDraft, WizardIssue } from './wizard-types'

type Path = readonly (string | number)[]

interface SchemaIssue {
  readonly path: readonly PropertyKey[]
  readonly code?: string
  readonly origin?: string
  readonly minimum?: number | bigint
  readonly maximum?: number | bigint
  readonly errors?: readonly (readonly SchemaIssue[])[]
}

// Keys whose problems have a message of their own; the last path segment picks it.
const MESSAGE_OF_KEY: Readonly<Record<string, MessageKey>> = {
  dataset: 'wizard.error.datasetRequired',
  name: 'wizard.error.nameRequired',
  email: 'wizard.error.email',
  time: 'wizard.error.time',
  timezone: 'wizard.error.timezone',
  dayOfWeek: 'wizard.error.dayOfWeek',
  dayOfMonth: 'wizard.error.dayOfMonth',
  cron: 'wizard.error.cron',
  startDate: 'wizard.error.date',
  endDate: 'wizard.error.endDate',
  amount: 'wizard.error.amount',
  limit: 'wizard.error.limit',
  subject: 'wizard.error.singleLine',
  y: 'wizard.error.chartSeries',
  x: 'wizard.error.chartAxis',
}

function messageOf(path: Path, issue: SchemaIssue): Pick<WizardIssue, 'key' | 'values'> {
  const last = path.at(-1)
  if (path.length === 1 && last === 'fields') return { key: 'wizard.error.fieldsRequired' }
  if (issue.code === 'too_big' && issue.maximum !== undefined) {
    return issue.origin === 'array'
      ? { key: 'wizard.error.tooMany', values: { max: Number(issue.maximum) } }
      : { key: 'wizard.error.tooLong', values: { max: Number(issue.maximum) } }
  }
  const own = typeof last === 'string' ? MESSAGE_OF_KEY[last] : undefined
  if (own) return { key: own }
  if (last === 'value' || path.includes('value')) return { key: 'wizard.error.valueRequired' }
  if (issue.code === 'too_small' && issue.origin === 'string') {
    return { key: 'wizard.error.required' }
  }
  return { key: 'wizard.error.invalid' }
}

// A failed union reports one list of issues per option; keep the option that got furthest
// (deepest path) so the error lands on the value, not on the whole filter.
function flatten(
  issues: readonly SchemaIssue[],
  prefix: Path,
): { path: Path; issue: SchemaIssue }[] {
  return issues.flatMap((issue) => {
    const path: Path = [
      ...prefix,
      ...issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
    ]
    if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
      const depth = (option: readonly SchemaIssue[]): number =>
        Math.max(0, ...option.map((inner) => inner.path.length))
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]
      if (best && best.length > 0) return flatten(best, path)
    }
    return [{ path, issue }]
  })
}

/**
 * Validates the draft with the same schema the server parses with and turns each problem into
 * a catalog message owned by the step that edits the value.
 */
export function schemaIssues(draft: WizardDraft): WizardIssue[] {
  const result = ReportDefinitionSchema.safeParse(draft)
  if (result.success) return []
  return flatten(result.error.issues as readonly SchemaIssue[], []).map(({ path, issue }) => ({
    step: stepOfPath(path),
    path: path.join('.'),
    ...messageOf(path, issue),
  }))
}
