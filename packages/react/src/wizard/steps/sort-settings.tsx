import type { ReactNode } from 'react'
import type { SortSpec } from '@reportwright/core/model'
import { useReportwright } from '../../provider/reportwright-context'
import { FieldError } from '../ui/field-error'
import { useControl } from '../ui/use-control'
import type { WizardStepProps } from './step-props'

/** Sort keys (by selected field), row limit and the grand-total row. */
export function SortSettings({ wizard }: WizardStepProps): ReactNode {
  const { t } = useReportwright()
  const control = useControl(wizard)
  const { sort, fields, limit, totals } = wizard.definition
  const limitControl = control('limit')
  // When the report aggregates, a sort key must match a selected field exactly.
  const keyOf = (spec: { field: string; aggregation?: string; bucket?: string }): string =>
    [spec.field, spec.aggregation ?? '', spec.bucket ?? ''].join('|')
  const options = fields.map((field) => ({
    key: keyOf(field),
    label:
      field.label ??
      wizard.availableFields.find((view) => view.path === field.field)?.label ??
      field.field,
    spec: field,
  }))
  const toSort = (key: string, direction: SortSpec['direction']): SortSpec | undefined => {
    const option = options.find((entry) => entry.key === key)
    if (!option) return undefined
    const { field, aggregation, bucket } = option.spec
    return {
      field,
      direction,
      ...(aggregation ? { aggregation } : {}),
      ...(bucket ? { bucket } : {}),
    }
  }
  const replace = (index: number, next: SortSpec | undefined): void => {
    const list = [...sort]
    if (next) list[index] = next
    else list.splice(index, 1)
    wizard.settings.setSort(list)
  }
  return (
    <section className="rw-wizard__section" aria-labelledby={`${limitControl.props.id}-sort-title`}>
      <h4 id={`${limitControl.props.id}-sort-title`} className="rw-wizard__section-title">
        {t('wizard.settings.sortAndLimit')}
      </h4>
      <ol className="rw-wizard__sort-list">
        {sort.map((spec, index) => {
          const number = index + 1
          const fieldId = control(`sort.${index}.field`)
          const directionId = `${fieldId.props.id}-direction`
          return (
            <li key={index} className="rw-wizard__sort-row">
              <div className="rw-wizard__control">
                <label htmlFor={fieldId.props.id} className="rw-wizard__label">
                  {t('wizard.settings.sortBy', { number })}
                </label>
                <select
                  {...fieldId.props}
                  className="rw-select"
                  value={keyOf(spec)}
                  onChange={(event) => replace(index, toSort(event.target.value, spec.direction))}
                >
                  {options.some((option) => option.key === keyOf(spec)) ? null : (
                    <option value={keyOf(spec)}>{spec.field}</option>
                  )}
                  {options.map((option) => (
                    <option key={option.key} value={option.key}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="rw-wizard__control">
                <label htmlFor={directionId} className="rw-wizard__label">
                  {t('wizard.settings.direction', { number })}
                </label>
                <select
                  id={directionId}
                  className="rw-select"
                  value={spec.direction}
                  onChange={(event) =>
                    replace(index, {
                      ...spec,
                      direction: event.target.value as SortSpec['direction'],
                    })
                  }
                >
                  <option value="asc">{t('wizard.settings.ascending')}</option>
                  <option value="desc">{t('wizard.settings.descending')}</option>
                </select>
              </div>
              <button type="button" className="rw-button" onClick={() => replace(index, undefined)}>
                {t('wizard.settings.removeSort', { number })}
              </button>
            </li>
          )
        })}
      </ol>
      <button
        type="button"
        className="rw-button"
        disabled={options.length === 0}
        onClick={() => {
          const first = options[0]
          const next = first ? toSort(first.key, 'asc') : undefined
          if (next) wizard.settings.setSort([...sort, next])
        }}
      >
        {t('wizard.settings.addSort')}
      </button>
      <div className="rw-wizard__grid">
        <div className="rw-wizard__control">
          <label htmlFor={limitControl.props.id} className="rw-wizard__label">
            {t('wizard.settings.limit')}
          </label>
          <input
            {...limitControl.props}
            type="number"
            min={1}
            step={1}
            className="rw-input"
            value={limit ?? ''}
            onChange={(event) =>
              wizard.settings.setLimit(
                event.target.value === '' ? undefined : Number(event.target.value),
              )
            }
          />
          <FieldError id={limitControl.errorId} message={limitControl.error} />
        </div>
        <div className="rw-wizard__choice rw-wizard__choice--beside-field">
          <input
            id={`${limitControl.props.id}-totals`}
            type="checkbox"
            checked={totals}
            onChange={(event) => wizard.settings.setTotals(event.target.checked)}
          />
          <label htmlFor={`${limitControl.props.id}-totals`}>{t('wizard.settings.totals')}</label>
        </div>
      </div>
    </section>
  )
}
