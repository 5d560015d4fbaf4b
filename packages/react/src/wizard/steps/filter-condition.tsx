import type { ReactNode } from 'react'
import { RELATIVE_DATE_UNITS } from '@reportwright/core/model'
import type { FilterOperator, FilterScalar, RelativeDateUnit } from '@reportwright/core/model'
import { useReportwright } from '../../provider/reportwright-context'
import {
  OPERATORS_BY_KIND,
  conditionWith,
  defaultOperator,
  valueKindOf,
} from '../model/filter-operators'
import type { ValueKind } from '../model/filter-operators'
import type { FilterLocation, WizardCondition } from '../model/wizard-types'
import { FieldError } from '../ui/field-error'
import { useControl } from '../ui/use-control'
import { ListValueInput, ScalarValueInput } from './filter-value-input'
import type { WizardStepProps } from './step-props'

/** Props of {@link FilterConditionEditor}. */
export interface FilterConditionEditorProps extends WizardStepProps {
  readonly condition: WizardCondition
  readonly location: FilterLocation
  /** How the condition is named in labels, e.g. "filter 2" or "filter 2, option 1". */
  readonly name: string
}

const SCALAR_OPERATORS: ReadonlySet<FilterOperator> = new Set([
  'equals',
  'not_equals',
  'greater_than',
  'greater_or_equal',
  'less_than',
  'less_or_equal',
  'contains',
  'starts_with',
  'ends_with',
])

function pathOf(location: FilterLocation): string {
  return location.groupIndex === undefined
    ? `filters.${location.index}`
    : `filters.${location.index}.anyOf.${location.groupIndex}`
}

/** Switches the operator, keeping a typed single value when the new operator takes one too. */
function withOperator(
  condition: WizardCondition,
  operator: FilterOperator,
  kind: ValueKind,
): WizardCondition {
  const next = conditionWith(condition.field, operator, kind)
  if (
    SCALAR_OPERATORS.has(operator) &&
    SCALAR_OPERATORS.has(condition.operator) &&
    'value' in next
  ) {
    return { ...next, value: (condition as { value: FilterScalar }).value } as WizardCondition
  }
  return next
}

/** One condition: field, operator by field type, and a value input that fits both. */
export function FilterConditionEditor(props: FilterConditionEditorProps): ReactNode {
  const { wizard, condition, location, name } = props
  const { t } = useReportwright()
  const control = useControl(wizard)
  const path = pathOf(location)
  const view = wizard.availableFields.find((field) => field.path === condition.field)
  const kind = view ? valueKindOf(view.type) : 'text'
  const operators = OPERATORS_BY_KIND[kind]
  const fieldControl = control(`${path}.field`)
  const operatorControl = control(`${path}.operator`)
  const valueControl = control(`${path}.value`)
  const amountControl = control(`${path}.value.amount`)
  const hidden = (text: string): ReactNode => (
    <>
      {text}
      <span className="rw-visually-hidden"> {t('wizard.of', { name })}</span>
    </>
  )
  const update = (next: WizardCondition): void => wizard.filters.update(location, next)
  // Inputs keep typed text locally; a new field or operator starts them afresh.
  const valueKey = `${condition.field}-${condition.operator}`

  const valueEditor = (): ReactNode => {
    switch (condition.operator) {
      case 'is_null':
      case 'is_not_null':
        return null
      case 'in_last':
        return (
          <>
            <ScalarValueInput
              key={`${valueKey}-amount`}
              kind="number"
              value={condition.value.amount}
              label={hidden(t('wizard.filters.amount'))}
              control={amountControl.props}
              onChange={(amount) =>
                update({
                  ...condition,
                  value: { ...condition.value, amount: typeof amount === 'number' ? amount : 0 },
                })
              }
            />
            <UnitSelect
              id={control(`${path}.value.unit`).props.id}
              label={hidden(t('wizard.filters.unit'))}
              value={condition.value.unit}
              plural
              onChange={(unit) => update({ ...condition, value: { ...condition.value, unit } })}
            />
          </>
        )
      case 'this':
      case 'previous':
        return (
          <UnitSelect
            id={control(`${path}.value.unit`).props.id}
            label={hidden(t('wizard.filters.unit'))}
            value={condition.value.unit}
            plural={false}
            onChange={(unit) => update({ ...condition, value: { unit } })}
          />
        )
      case 'between':
        return (
          <>
            <ScalarValueInput
              key={`${valueKey}-from`}
              kind={kind}
              value={condition.value[0]}
              label={hidden(t('wizard.filters.from'))}
              control={valueControl.props}
              onChange={(from) => update({ ...condition, value: [from, condition.value[1]] })}
            />
            <ScalarValueInput
              key={`${valueKey}-to`}
              kind={kind}
              value={condition.value[1]}
              label={hidden(t('wizard.filters.to'))}
              control={{ ...valueControl.props, id: `${valueControl.props.id}-to` }}
              onChange={(to) => update({ ...condition, value: [condition.value[0], to] })}
            />
          </>
        )
      case 'in':
      case 'not_in':
        return (
          <ListValueInput
            key={valueKey}
            kind={kind}
            value={condition.value}
            label={hidden(t('wizard.filters.values'))}
            control={valueControl.props}
            onChange={(value) => update({ ...condition, value })}
          />
        )
      default:
        return (
          <ScalarValueInput
            key={valueKey}
            kind={kind}
            value={condition.value}
            label={hidden(t('wizard.filters.value'))}
            control={valueControl.props}
            suggest={{ dataset: wizard.definition.dataset, field: condition.field }}
            onChange={(value) =>
              update({ ...condition, value: value as string } as WizardCondition)
            }
          />
        )
    }
  }

  return (
    <div className="rw-wizard__condition">
      <div className="rw-wizard__control">
        <label htmlFor={fieldControl.props.id} className="rw-wizard__label">
          {hidden(t('wizard.filters.field'))}
        </label>
        <select
          {...fieldControl.props}
          className="rw-select"
          value={condition.field}
          onChange={(event) => {
            const nextView = wizard.availableFields.find(
              (field) => field.path === event.target.value,
            )
            const nextKind = nextView ? valueKindOf(nextView.type) : 'text'
            const operator = OPERATORS_BY_KIND[nextKind].includes(condition.operator)
              ? condition.operator
              : defaultOperator(nextKind)
            update(conditionWith(event.target.value, operator, nextKind))
          }}
        >
          {view ? null : <option value={condition.field}>{condition.field}</option>}
          {wizard.availableFields.map((field) => (
            <option key={field.path} value={field.path}>
              {field.label}
            </option>
          ))}
        </select>
      </div>
      <div className="rw-wizard__control">
        <label htmlFor={operatorControl.props.id} className="rw-wizard__label">
          {hidden(t('wizard.filters.operator'))}
        </label>
        <select
          {...operatorControl.props}
          className="rw-select"
          value={condition.operator}
          onChange={(event) =>
            update(withOperator(condition, event.target.value as FilterOperator, kind))
          }
        >
          {operators.map((operator) => (
            <option key={operator} value={operator}>
              {t(`wizard.operator.${operator}`)}
            </option>
          ))}
        </select>
      </div>
      {valueEditor()}
      <button type="button" className="rw-button" onClick={() => wizard.filters.remove(location)}>
        {t('wizard.filters.remove', { name })}
      </button>
      <FieldError id={fieldControl.errorId} message={fieldControl.error} />
      <FieldError id={valueControl.errorId} message={valueControl.error} />
      <FieldError id={amountControl.errorId} message={amountControl.error} />
    </div>
  )
}

interface UnitSelectProps {
  readonly id: string
  readonly label: ReactNode
  readonly value: RelativeDateUnit
  /** "days" after "in the last", "day" after "this" and "previous". */
  readonly plural: boolean
  readonly onChange: (unit: RelativeDateUnit) => void
}

function UnitSelect(props: UnitSelectProps): ReactNode {
  const { t } = useReportwright()
  return (
    <div className="rw-wizard__control">
      <label htmlFor={props.id} className="rw-wizard__label">
        {props.label}
      </label>
      <select
        id={props.id}
        className="rw-select"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as RelativeDateUnit)}
      >
        {RELATIVE_DATE_UNITS.map((unit) => (
          <option key={unit} value={unit}>
            {props.plural ? t(`wizard.units.${unit}`) : t(`wizard.unit.${unit}`)}
          </option>
        ))}
      </select>
    </div>
  )
}
