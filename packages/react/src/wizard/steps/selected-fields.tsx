import { useEffect, useState } from 'react'
import type { ReactNode } from 'react'
import { AGGREGATIONS, DATE_BUCKETS } from '@reportwright/core/model'
import type { Aggregation, DateBucket, FieldSpec, FieldView } from '@reportwright/core/model'
import { useReportwright } from '../../provider/reportwright-context'
import { valueKindOf } from '../model/filter-operators'
import { FieldError } from '../ui/field-error'
import { useControl } from '../ui/use-control'
import { useControlIds } from '../ui/control-ids'
import type { WizardStepProps } from './step-props'

// Text columns can be counted or ranked, not summed.
const TEXT_AGGREGATIONS: readonly Aggregation[] = ['count', 'count_distinct', 'min', 'max']

function rowKeys(fields: readonly FieldSpec[]): string[] {
  const seen = new Map<string, number>()
  return fields.map((field) => {
    const count = seen.get(field.field) ?? 0
    seen.set(field.field, count + 1)
    return `${field.field.replace(/\W/g, '-')}-${count}`
  })
}

/**
 * What a row button shows: an icon and a short word. Hidden from screen readers, which read the
 * full text beside it ("Move Customer › Segment down"), so long field names do not wrap.
 */
function ShortLabel(props: { readonly icon: string; readonly text: string }): ReactNode {
  return (
    <span aria-hidden="true" className="rw-wizard__short-label">
      <span className="rw-wizard__icon">{props.icon}</span> {props.text}
    </span>
  )
}

/** The chosen fields in report order: label, aggregation, date bucket, format; reorderable. */
export function SelectedFields({ wizard }: WizardStepProps): ReactNode {
  const { t } = useReportwright()
  const control = useControl(wizard)
  const idsFor = useControlIds()
  const [dragged, setDragged] = useState<number>()
  const [pendingFocus, setPendingFocus] = useState<string>()
  const fields = wizard.definition.fields
  const keys = rowKeys(fields)
  const base = idsFor('fields.selected').id

  useEffect(() => {
    if (pendingFocus === undefined) return
    // Reordering moves the focused button in the DOM; put focus back where the person was.
    document.getElementById(pendingFocus)?.focus()
    setPendingFocus(undefined)
  }, [pendingFocus])

  const move = (from: number, to: number, key: string): void => {
    wizard.fields.move(from, to)
    const atEdge = to === 0 || to === fields.length - 1
    const direction = to < from ? 'up' : 'down'
    const other = direction === 'up' ? 'down' : 'up'
    setPendingFocus(`${base}-${key}-${atEdge ? other : direction}`)
  }

  const viewOf = (path: string): FieldView | undefined =>
    wizard.availableFields.find((field) => field.path === path)

  return (
    <section className="rw-wizard__selected" aria-labelledby={`${base}-title`}>
      <h4 id={`${base}-title`} className="rw-wizard__section-title">
        {t('wizard.fields.selected', { count: fields.length })}
      </h4>
      {fields.length === 0 ? (
        <p className="rw-wizard__hint">{t('wizard.fields.noneSelected')}</p>
      ) : null}
      <ol className="rw-wizard__selected-list">
        {fields.map((field, index) => {
          const key = keys[index] ?? String(index)
          const view = viewOf(field.field)
          const name = view?.label ?? field.field
          const kind = view ? valueKindOf(view.type) : 'text'
          const aggregations = kind === 'number' ? AGGREGATIONS : TEXT_AGGREGATIONS
          const label = control(`fields.${index}.label`)
          const aggregation = control(`fields.${index}.aggregation`)
          const bucket = control(`fields.${index}.bucket`)
          const format = control(`fields.${index}.format`)
          const fieldError = control(`fields.${index}.field`)
          const rowId = `${base}-${key}`
          return (
            <li
              key={key}
              className="rw-wizard__selected-row"
              draggable
              data-dragging={dragged === index}
              onDragStart={(event) => {
                setDragged(index)
                event.dataTransfer.effectAllowed = 'move'
              }}
              onDragOver={(event) => {
                if (dragged !== undefined) event.preventDefault()
              }}
              onDrop={(event) => {
                event.preventDefault()
                if (dragged !== undefined) wizard.fields.move(dragged, index)
                setDragged(undefined)
              }}
              onDragEnd={() => setDragged(undefined)}
            >
              <div className="rw-wizard__row-head">
                <span className="rw-wizard__drag-handle" aria-hidden="true">
                  ⋮⋮
                </span>
                <span className="rw-wizard__row-title">{name}</span>
                <span className="rw-wizard__row-group">{view?.group}</span>
              </div>
              <FieldError id={fieldError.errorId} message={fieldError.error} />
              <div className="rw-wizard__row-controls">
                <div className="rw-wizard__control">
                  <label htmlFor={label.props.id} className="rw-wizard__label">
                    {t('wizard.fields.label')}
                    <span className="rw-visually-hidden"> {t('wizard.for', { name })}</span>
                  </label>
                  <input
                    {...label.props}
                    className="rw-input"
                    value={field.label ?? ''}
                    placeholder={name}
                    onChange={(event) =>
                      wizard.fields.update(index, {
                        label: event.target.value === '' ? undefined : event.target.value,
                      })
                    }
                  />
                  <FieldError id={label.errorId} message={label.error} />
                </div>
                <div className="rw-wizard__control">
                  <label htmlFor={aggregation.props.id} className="rw-wizard__label">
                    {t('wizard.fields.aggregation')}
                    <span className="rw-visually-hidden"> {t('wizard.for', { name })}</span>
                  </label>
                  <select
                    {...aggregation.props}
                    className="rw-select"
                    value={field.aggregation ?? ''}
                    onChange={(event) =>
                      wizard.fields.update(index, {
                        aggregation:
                          event.target.value === ''
                            ? undefined
                            : (event.target.value as Aggregation),
                      })
                    }
                  >
                    <option value="">{t('wizard.aggregation.none')}</option>
                    {aggregations.map((option) => (
                      <option key={option} value={option}>
                        {t(`wizard.aggregation.${option}`)}
                      </option>
                    ))}
                  </select>
                  <FieldError id={aggregation.errorId} message={aggregation.error} />
                </div>
                {kind === 'date' || kind === 'datetime' ? (
                  <div className="rw-wizard__control">
                    <label htmlFor={bucket.props.id} className="rw-wizard__label">
                      {t('wizard.fields.bucket')}
                      <span className="rw-visually-hidden"> {t('wizard.for', { name })}</span>
                    </label>
                    <select
                      {...bucket.props}
                      className="rw-select"
                      value={field.bucket ?? ''}
                      onChange={(event) =>
                        wizard.fields.update(index, {
                          bucket:
                            event.target.value === ''
                              ? undefined
                              : (event.target.value as DateBucket),
                        })
                      }
                    >
                      <option value="">{t('wizard.bucket.none')}</option>
                      {DATE_BUCKETS.map((option) => (
                        <option key={option} value={option}>
                          {t(`wizard.bucket.${option}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                ) : null}
                <div className="rw-wizard__control">
                  <label htmlFor={format.props.id} className="rw-wizard__label">
                    {t('wizard.fields.format')}
                    <span className="rw-visually-hidden"> {t('wizard.for', { name })}</span>
                  </label>
                  <input
                    {...format.props}
                    className="rw-input"
                    value={field.format ?? ''}
                    placeholder={view?.format ?? ''}
                    onChange={(event) =>
                      wizard.fields.update(index, {
                        format: event.target.value === '' ? undefined : event.target.value,
                      })
                    }
                  />
                  <FieldError id={format.errorId} message={format.error} />
                </div>
              </div>
              <div className="rw-wizard__row-actions">
                <button
                  id={`${rowId}-up`}
                  type="button"
                  className="rw-button"
                  disabled={index === 0}
                  onClick={() => move(index, index - 1, key)}
                >
                  <ShortLabel icon="↑" text={t('wizard.fields.up')} />
                  <span className="rw-visually-hidden">{t('wizard.fields.moveUp', { name })}</span>
                </button>
                <button
                  id={`${rowId}-down`}
                  type="button"
                  className="rw-button"
                  disabled={index === fields.length - 1}
                  onClick={() => move(index, index + 1, key)}
                >
                  <ShortLabel icon="↓" text={t('wizard.fields.down')} />
                  <span className="rw-visually-hidden">
                    {t('wizard.fields.moveDown', { name })}
                  </span>
                </button>
                <button
                  type="button"
                  className="rw-button"
                  onClick={() => wizard.fields.remove(index)}
                >
                  <ShortLabel icon="×" text={t('wizard.fields.removeShort')} />
                  <span className="rw-visually-hidden">{t('wizard.fields.remove', { name })}</span>
                </button>
              </div>
            </li>
          )
        })}
      </ol>
    </section>
  )
}
