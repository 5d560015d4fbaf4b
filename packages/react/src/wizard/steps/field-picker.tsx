import { useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import type { FieldView } from '@reportwright/core/model'
import { useReportwright } from '../../provider/reportwright-context'
import { useControl } from '../ui/use-control'
import type { WizardStepProps } from './step-props'

function groupFields(fields: readonly FieldView[]): [string, FieldView[]][] {
  const groups = new Map<string, FieldView[]>()
  for (const field of fields) {
    const list = groups.get(field.group) ?? []
    list.push(field)
    groups.set(field.group, list)
  }
  return [...groups]
}

/**
 * The label shown inside its group: "Segment" under "Customer" rather than "Customer ›
 * Segment". The group part stays for screen readers, so the accessible name is the full label.
 */
function labelInGroup(field: FieldView): ReactNode {
  const prefix = `${field.group} › `
  if (!field.label.startsWith(prefix) || field.label.length === prefix.length) return field.label
  return (
    <>
      <span className="rw-visually-hidden">{prefix}</span>
      {field.label.slice(prefix.length)}
    </>
  )
}

/** A searchable list of the dataset's fields, grouped by dataset and join; checkboxes select. */
export function FieldPicker({ wizard }: WizardStepProps): ReactNode {
  const { t } = useReportwright()
  const [search, setSearch] = useState('')
  const control = useControl(wizard)('fields')
  const selected = new Set(wizard.definition.fields.map((field) => field.field))
  const groups = useMemo(() => {
    const needle = search.trim().toLowerCase()
    const matching = needle
      ? wizard.availableFields.filter(
          (field) =>
            field.label.toLowerCase().includes(needle) ||
            field.group.toLowerCase().includes(needle) ||
            field.path.toLowerCase().includes(needle),
        )
      : wizard.availableFields
    return groupFields(matching)
  }, [search, wizard.availableFields])
  const searchId = `${control.props.id}-search`
  return (
    <section className="rw-wizard__picker" aria-labelledby={`${control.props.id}-title`}>
      <h4 id={`${control.props.id}-title`} className="rw-wizard__section-title">
        {t('wizard.fields.available')}
      </h4>
      <label htmlFor={searchId} className="rw-wizard__label">
        {t('wizard.fields.search')}
      </label>
      <input
        id={searchId}
        type="search"
        className="rw-input"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        aria-describedby={`${searchId}-count`}
      />
      <p id={`${searchId}-count`} className="rw-wizard__hint" aria-live="polite">
        {t('wizard.fields.matching', {
          count: groups.reduce((sum, [, fields]) => sum + fields.length, 0),
        })}
      </p>
      <div id={control.props.id} className="rw-wizard__picker-groups" tabIndex={-1}>
        {groups.map(([group, fields]) => (
          <fieldset key={group} className="rw-wizard__fieldset rw-wizard__field-group">
            <legend className="rw-wizard__legend">{group}</legend>
            {fields.map((field) => {
              const id = `${control.props.id}-pick-${field.path.replace(/\W/g, '-')}`
              return (
                <div key={field.path} className="rw-wizard__choice">
                  <input
                    id={id}
                    type="checkbox"
                    checked={selected.has(field.path)}
                    onChange={() => wizard.fields.toggle(field.path)}
                    {...(field.description ? { 'aria-describedby': `${id}-description` } : {})}
                  />
                  <label htmlFor={id}>{labelInGroup(field)}</label>
                  {field.description ? (
                    <span id={`${id}-description`} className="rw-wizard__choice-description">
                      {field.description}
                    </span>
                  ) : null}
                </div>
              )
            })}
          </fieldset>
        ))}
      </div>
    </section>
  )
}
