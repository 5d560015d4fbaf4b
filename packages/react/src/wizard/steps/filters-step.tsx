import type { ReactNode } from 'react'
import { useReportwright } from '../../provider/reportwright-context'
import { conditionWith, defaultOperator, valueKindOf } from '../model/filter-operators'
import type { WizardCondition } from '../model/wizard-types'
import { cx } from '../ui/class-names'
import { FilterConditionEditor } from './filter-condition'
import type { WizardStepProps } from './step-props'

/** Step 3: conditions combined with AND, and OR groups of conditions. */
export function FiltersStep({ wizard, className }: WizardStepProps): ReactNode {
  const { t } = useReportwright()
  const { filters } = wizard.definition
  const newCondition = (): WizardCondition | undefined => {
    // Date fields first: most reports filter on a period.
    const field =
      wizard.availableFields.find((view) => view.type === 'date' || view.type === 'datetime') ??
      wizard.availableFields[0]
    if (!field) return undefined
    const kind = valueKindOf(field.type)
    return conditionWith(field.path, defaultOperator(kind), kind)
  }
  const add = (group: boolean): void => {
    const condition = newCondition()
    if (condition) wizard.filters.add(group ? { anyOf: [condition] } : condition)
  }
  return (
    <div className={cx('rw-wizard__filters', className)}>
      <p className="rw-wizard__hint">{t('wizard.filters.intro')}</p>
      {filters.length === 0 ? <p className="rw-wizard__hint">{t('wizard.filters.none')}</p> : null}
      <ol className="rw-wizard__filter-list">
        {filters.map((node, index) => {
          const name = t('wizard.filters.name', { number: index + 1 })
          return (
            <li key={index} className="rw-wizard__filter">
              {index > 0 ? (
                <span className="rw-wizard__connector">{t('wizard.filters.and')}</span>
              ) : null}
              {'anyOf' in node ? (
                <fieldset className="rw-wizard__fieldset rw-wizard__group">
                  <legend className="rw-wizard__legend">
                    {t('wizard.filters.groupLegend', { name })}
                  </legend>
                  {node.anyOf.map((condition, groupIndex) => (
                    <div key={groupIndex} className="rw-wizard__group-item">
                      {groupIndex > 0 ? (
                        <span className="rw-wizard__connector">{t('wizard.filters.or')}</span>
                      ) : null}
                      <FilterConditionEditor
                        wizard={wizard}
                        condition={condition}
                        location={{ index, groupIndex }}
                        name={t('wizard.filters.optionName', { name, number: groupIndex + 1 })}
                      />
                    </div>
                  ))}
                  <button
                    type="button"
                    className="rw-button"
                    onClick={() => {
                      const condition = newCondition()
                      if (condition) wizard.filters.addAlternative(index, condition)
                    }}
                  >
                    {t('wizard.filters.addAlternative', { name })}
                  </button>
                </fieldset>
              ) : (
                <FilterConditionEditor
                  wizard={wizard}
                  condition={node}
                  location={{ index }}
                  name={name}
                />
              )}
            </li>
          )
        })}
      </ol>
      <div className="rw-wizard__actions">
        <button type="button" className="rw-button" onClick={() => add(false)}>
          {t('wizard.filters.add')}
        </button>
        <button type="button" className="rw-button" onClick={() => add(true)}>
          {t('wizard.filters.addGroup')}
        </button>
      </div>
    </div>
  )
}
