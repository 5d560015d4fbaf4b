import type { FieldView, FilterNode } from '@reportwright/core/model'
import type { ResolvedCapabilities } from '@reportwright/core/client'
import { valueKindOf } from './filter-operators'
import type { WizardCondition, WizardDraft, WizardIssue } from './wizard-types'

/** What the checks know beyond the draft: the dataset's fields and the user's capabilities. */
export interface CheckContext {
  /** Fields of the chosen dataset; checks that need them are skipped while they load. */
  readonly fields?: readonly FieldView[]
  readonly capabilities?: ResolvedCapabilities
}

const isBlank = (value: unknown): boolean => typeof value === 'string' && value.trim() === ''

function conditionIssues(
  condition: WizardCondition,
  path: string,
  fields: readonly FieldView[] | undefined,
): WizardIssue[] {
  const view = fields?.find((field) => field.path === condition.field)
  if (fields && !view) {
    return [{ step: 'filters', path: `${path}.field`, key: 'wizard.error.unknownField' }]
  }
  if (!('value' in condition)) return []
  const value: unknown = condition.value
  const scalars: unknown[] = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null
      ? []
      : [value]
  const valuePath = `${path}.value`
  if ((Array.isArray(value) && value.length === 0) || scalars.some(isBlank)) {
    return [{ step: 'filters', path: valuePath, key: 'wizard.error.valueRequired' }]
  }
  if (
    view &&
    valueKindOf(view.type) === 'number' &&
    scalars.some((item) => typeof item !== 'number')
  ) {
    return [{ step: 'filters', path: valuePath, key: 'wizard.error.number' }]
  }
  return []
}

function filterIssues(
  filters: readonly FilterNode[],
  fields: readonly FieldView[] | undefined,
): WizardIssue[] {
  return filters.flatMap((node, index) =>
    'anyOf' in node
      ? node.anyOf.flatMap((condition, groupIndex) =>
          conditionIssues(condition, `filters.${index}.anyOf.${groupIndex}`, fields),
        )
      : conditionIssues(node, `filters.${index}`, fields),
  )
}

function capabilityIssues(draft: WizardDraft, capabilities: ResolvedCapabilities): WizardIssue[] {
  const issues: WizardIssue[] = []
  if (draft.dataset !== '' && !capabilities.datasets.includes(draft.dataset)) {
    issues.push({ step: 'source', path: 'dataset', key: 'wizard.error.datasetNotAllowed' })
  }
  if (!capabilities.formats.includes(draft.output.format)) {
    issues.push({ step: 'settings', path: 'output.format', key: 'wizard.error.formatNotAllowed' })
  }
  if (draft.schedule && !capabilities.canSchedule) {
    issues.push({ step: 'settings', path: 'schedule', key: 'wizard.error.scheduleNotAllowed' })
  } else if (
    draft.schedule &&
    !capabilities.scheduleFrequencies.includes(draft.schedule.frequency)
  ) {
    issues.push({
      step: 'settings',
      path: 'schedule.frequency',
      key: 'wizard.error.frequencyNotAllowed',
    })
  }
  if (draft.delivery && !capabilities.deliveryChannels.includes('email')) {
    issues.push({ step: 'settings', path: 'delivery', key: 'wizard.error.emailNotAllowed' })
  } else if (draft.delivery && draft.delivery.recipients.length > capabilities.maxRecipients) {
    issues.push({
      step: 'settings',
      path: 'delivery.recipients',
      key: 'wizard.error.tooManyRecipients',
      values: { max: capabilities.maxRecipients },
    })
  }
  return issues
}

/**
 * Checks the schema cannot make: values left empty, text in a number filter, fields of another
 * dataset, an email without recipients, and choices the user's capabilities do not allow.
 */
export function wizardChecks(draft: WizardDraft, context: CheckContext): WizardIssue[] {
  const { fields, capabilities } = context
  const issues: WizardIssue[] = []
  if (fields) {
    draft.fields.forEach((field, index) => {
      if (!fields.some((view) => view.path === field.field)) {
        issues.push({
          step: 'fields',
          path: `fields.${index}.field`,
          key: 'wizard.error.unknownField',
        })
      }
    })
  }
  issues.push(...filterIssues(draft.filters, fields))
  if (draft.delivery?.enabled && draft.delivery.recipients.length === 0) {
    issues.push({
      step: 'settings',
      path: 'delivery.recipients',
      key: 'wizard.error.recipientsRequired',
    })
  }
  if (draft.delivery?.enabled && isBlank(draft.delivery.subject)) {
    issues.push({ step: 'settings', path: 'delivery.subject', key: 'wizard.error.required' })
  }
  if (capabilities) issues.push(...capabilityIssues(draft, capabilities))
  return issues
}
