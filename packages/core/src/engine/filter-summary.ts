import type { Catalog } from '../catalog/catalog-types'
import type { RequestContext } from '../context/request-context'
import type { FilterCondition, FilterScalar, RelativeDateUnit } from '../model/filter'
import type { ReportDefinition } from '../model/report-definition'

/** Most list values spelled out before "and N more". */
const MAX_LISTED_VALUES = 10

/**
 * The report's filters in words, one entry per AND-ed filter, for renderers to print
 * (`Region is EMEA`, `Order date in the last 3 months`, `Amount between 10 and 20`). An OR group
 * is one entry joined by "or". Field names use catalog labels; a field the context cannot
 * resolve falls back to its path.
 */
export function summarizeFilters(
  definition: ReportDefinition,
  catalog: Catalog,
  context: RequestContext,
): readonly string[] {
  const label = (path: string): string => {
    try {
      return catalog.resolveField(definition.dataset, path, context).def.label
    } catch {
      return path
    }
  }
  return definition.filters.map((node) =>
    'anyOf' in node
      ? node.anyOf
          .map((condition) => describeCondition(condition, label(condition.field)))
          .join(' or ')
      : describeCondition(node, label(node.field)),
  )
}

/** One condition in words, e.g. `Amount is at least 10`. */
export function describeCondition(condition: FilterCondition, label: string): string {
  switch (condition.operator) {
    case 'equals':
      return `${label} is ${scalar(condition.value)}`
    case 'not_equals':
      return `${label} is not ${scalar(condition.value)}`
    case 'greater_than':
      return `${label} is greater than ${scalar(condition.value)}`
    case 'greater_or_equal':
      return `${label} is at least ${scalar(condition.value)}`
    case 'less_than':
      return `${label} is less than ${scalar(condition.value)}`
    case 'less_or_equal':
      return `${label} is at most ${scalar(condition.value)}`
    case 'between':
      return `${label} between ${scalar(condition.value[0])} and ${scalar(condition.value[1])}`
    case 'in':
      return `${label} is one of ${list(condition.value)}`
    case 'not_in':
      return `${label} is not one of ${list(condition.value)}`
    case 'contains':
      return `${label} contains "${condition.value}"`
    case 'starts_with':
      return `${label} starts with "${condition.value}"`
    case 'ends_with':
      return `${label} ends with "${condition.value}"`
    case 'is_null':
      return `${label} is empty`
    case 'is_not_null':
      return `${label} is not empty`
    case 'in_last':
      return condition.value.amount === 1
        ? `${label} in the last ${condition.value.unit}`
        : `${label} in the last ${condition.value.amount} ${plural(condition.value.unit)}`
    case 'this':
      return `${label} in this ${condition.value.unit}`
    case 'previous':
      return `${label} in the previous ${condition.value.unit}`
  }
}

function scalar(value: FilterScalar): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  return String(value)
}

function list(values: readonly FilterScalar[]): string {
  const shown = values.slice(0, MAX_LISTED_VALUES).map(scalar).join(', ')
  return values.length > MAX_LISTED_VALUES
    ? `${shown} and ${values.length - MAX_LISTED_VALUES} more`
    : shown
}

function plural(unit: RelativeDateUnit): string {
  return `${unit}s`
}
