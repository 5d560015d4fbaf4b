import { useState } from 'react'
import type { ReactNode } from 'react'
import type { FilterScalar } from '@reportwright/core/model'
import { useReportwright } from '../../provider/reportwright-context'
import { parseTypedValue } from '../model/filter-operators'
import type { ValueKind } from '../model/filter-operators'
import type { ControlProps } from '../ui/use-control'
import { useValueSuggestions } from './use-value-suggestions'

function parseList(text: string, kind: ValueKind): FilterScalar[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => parseTypedValue(part, kind))
}

/**
 * What was typed, kept as text so `1.` or `-` survive while typing; replaced by `fallback` when
 * the draft's value changed elsewhere (a filter above was removed and this row moved up).
 */
function useSyncedText(
  fallback: string,
  matches: (typed: string) => boolean,
): [string, (text: string) => void] {
  const [text, setText] = useState(fallback)
  if (!matches(text) && text !== fallback) {
    setText(fallback)
    return [fallback, setText]
  }
  return [text, setText]
}

const INPUT_TYPE: Readonly<Record<ValueKind, string>> = {
  text: 'text',
  number: 'text',
  date: 'date',
  datetime: 'datetime-local',
  boolean: 'text',
}

/** Props of {@link ScalarValueInput}. */
export interface ScalarValueInputProps {
  readonly kind: ValueKind
  readonly value: FilterScalar
  readonly onChange: (value: FilterScalar) => void
  readonly label: ReactNode
  readonly control: ControlProps
  /** Dataset and field to suggest distinct values of (text fields). */
  readonly suggest?: { readonly dataset: string; readonly field: string }
}

/**
 * One typed value: a number, date, date-time, yes/no or text box. Keeps what was typed as text,
 * so `1.` or `-` are not rewritten while typing; the draft gets the parsed value.
 */
export function ScalarValueInput(props: ScalarValueInputProps): ReactNode {
  const { t } = useReportwright()
  const { kind, value, onChange, label, control, suggest } = props
  const [text, setText] = useSyncedText(String(value), (typed) => {
    const parsed = parseTypedValue(typed, kind)
    // A count that is not a number yet is stored as 0 (and reported) while the text stays.
    return parsed === value || (value === 0 && typeof parsed !== 'number')
  })
  const suggestions = useValueSuggestions(
    suggest?.dataset ?? '',
    suggest?.field ?? '',
    text,
    suggest !== undefined && kind === 'text',
  )
  const listId = `${control.id}-suggestions`
  if (kind === 'boolean') {
    return (
      <div className="rw-wizard__control">
        <label htmlFor={control.id} className="rw-wizard__label">
          {label}
        </label>
        <select
          {...control}
          className="rw-select"
          value={String(value === true)}
          onChange={(event) => onChange(event.target.value === 'true')}
        >
          <option value="true">{t('wizard.boolean.true')}</option>
          <option value="false">{t('wizard.boolean.false')}</option>
        </select>
      </div>
    )
  }
  return (
    <div className="rw-wizard__control">
      <label htmlFor={control.id} className="rw-wizard__label">
        {label}
      </label>
      <input
        {...control}
        type={INPUT_TYPE[kind]}
        className="rw-input"
        value={text}
        {...(kind === 'number' ? { inputMode: 'decimal' as const } : {})}
        {...(suggestions.length > 0 ? { list: listId } : {})}
        autoComplete="off"
        onChange={(event) => {
          setText(event.target.value)
          onChange(parseTypedValue(event.target.value, kind))
        }}
      />
      {suggestions.length > 0 ? (
        <datalist id={listId}>
          {suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      ) : null}
    </div>
  )
}

/** Props of {@link ListValueInput}. */
export interface ListValueInputProps {
  readonly kind: ValueKind
  readonly value: readonly FilterScalar[]
  readonly onChange: (value: readonly FilterScalar[]) => void
  readonly label: ReactNode
  readonly control: ControlProps
}

/** Several values, separated by commas (for `in` and `not in`). */
export function ListValueInput(props: ListValueInputProps): ReactNode {
  const { t } = useReportwright()
  const { kind, value, onChange, label, control } = props
  const [text, setText] = useSyncedText(
    value.join(', '),
    (typed) => JSON.stringify(parseList(typed, kind)) === JSON.stringify(value),
  )
  const hintId = `${control.id}-hint`
  return (
    <div className="rw-wizard__control">
      <label htmlFor={control.id} className="rw-wizard__label">
        {label}
      </label>
      <input
        {...control}
        aria-describedby={[hintId, control['aria-describedby']].filter(Boolean).join(' ')}
        className="rw-input"
        value={text}
        onChange={(event) => {
          setText(event.target.value)
          onChange(parseList(event.target.value, kind))
        }}
      />
      <p id={hintId} className="rw-wizard__hint">
        {t('wizard.filters.listHint')}
      </p>
    </div>
  )
}
