import { describe, expect, it } from 'vitest'
import * as edits from './draft-edits'
import { EMPTY_DRAFT, draftSignature } from './empty-draft'
import { initialWizardState, wizardReducer } from './wizard-reducer'
import type { WizardDraft } from './wizard-types'

const draft: WizardDraft = {
  ...EMPTY_DRAFT,
  name: 'Revenue',
  dataset: 'sales',
  fields: [
    { field: 'order_date', bucket: 'month' },
    { field: 'customer.segment' },
    { field: 'amount', aggregation: 'sum' },
  ],
  sort: [{ field: 'amount', aggregation: 'sum', direction: 'desc' }],
  output: {
    ...EMPTY_DRAFT.output,
    chart: { type: 'bar', x: 'customer.segment', y: ['amount'] },
  },
}

describe('wizardReducer', () => {
  it('starts clean on the given step with defaults filled in', () => {
    const state = initialWizardState({ dataset: 'sales' }, 'fields')
    expect(state.step).toBe('fields')
    expect(state.draft.output.format).toBe('csv')
    expect(state.baseline).toBe(draftSignature(state.draft))
  })

  it('applies edits and keeps the state when an edit changes nothing', () => {
    const state = initialWizardState(draft)
    const same = wizardReducer(state, { type: 'edit', edit: (current) => current })
    expect(same).toBe(state)
    const renamed = wizardReducer(state, {
      type: 'edit',
      edit: (current) => edits.setName(current, 'Sales'),
    })
    expect(renamed.draft.name).toBe('Sales')
    expect(draftSignature(renamed.draft)).not.toBe(renamed.baseline)
  })

  it('takes a loaded report as the new baseline with its id and revision', () => {
    const state = wizardReducer(initialWizardState(undefined), {
      type: 'loaded',
      draft,
      reportId: 'r1',
      revision: 3,
    })
    expect(state).toMatchObject({ reportId: 'r1', revision: 3, draft })
    expect(state.baseline).toBe(draftSignature(draft))
  })

  it('keeps edits made while a save was in flight dirty', () => {
    const sent = draft
    let state = initialWizardState(sent)
    state = wizardReducer(state, { type: 'edit', edit: (d) => edits.setName(d, 'Later') })
    state = wizardReducer(state, { type: 'saved', draft: sent, reportId: 'r1', revision: 1 })
    expect(state.baseline).toBe(draftSignature(sent))
    expect(draftSignature(state.draft)).not.toBe(state.baseline)
    expect(state.revision).toBe(1)
  })

  it('records attempted steps once', () => {
    let state = initialWizardState(undefined)
    state = wizardReducer(state, { type: 'attempt', steps: ['source'] })
    const again = wizardReducer(state, { type: 'attempt', steps: ['source'] })
    expect(again).toBe(state)
    expect(wizardReducer(state, { type: 'go', step: 'filters' }).step).toBe('filters')
  })
})

describe('draft edits', () => {
  it('clears fields, filters, sort and chart when the dataset changes', () => {
    const next = edits.setDataset(
      { ...draft, filters: [{ field: 'amount', operator: 'is_null' }] },
      'customers',
    )
    expect(next).toMatchObject({ dataset: 'customers', fields: [], filters: [], sort: [] })
    expect(next.output.chart).toBeUndefined()
    expect(edits.setDataset(draft, 'sales')).toBe(draft)
  })

  it('moves fields and ignores moves out of range', () => {
    const moved = edits.moveField(draft, 2, 0)
    expect(moved.fields.map((field) => field.field)).toEqual([
      'amount',
      'order_date',
      'customer.segment',
    ])
    expect(edits.moveField(draft, 0, 5)).toEqual(draft)
  })

  it('removes a field with the sort keys and chart axes that named it', () => {
    const next = edits.removeField(draft, 2)
    expect(next.fields).toHaveLength(2)
    expect(next.sort).toEqual([])
    expect(next.output.chart).toBeUndefined()
  })

  it('updates a field, removing keys patched to undefined', () => {
    const next = edits.updateField(draft, 2, { aggregation: undefined, label: 'Total' })
    expect(next.fields[2]).toEqual({ field: 'amount', label: 'Total' })
  })

  it('builds OR groups and flattens a group left with one condition', () => {
    const withFilter = edits.addFilter(draft, {
      field: 'channel',
      operator: 'equals',
      value: 'web',
    })
    const grouped = edits.addToGroup(withFilter, 0, {
      field: 'channel',
      operator: 'equals',
      value: 'partner',
    })
    expect(grouped.filters[0]).toEqual({
      anyOf: [
        { field: 'channel', operator: 'equals', value: 'web' },
        { field: 'channel', operator: 'equals', value: 'partner' },
      ],
    })
    const updated = edits.updateFilter(
      grouped,
      { index: 0, groupIndex: 1 },
      {
        field: 'channel',
        operator: 'equals',
        value: 'direct',
      },
    )
    expect(updated.filters[0]).toMatchObject({ anyOf: [{}, { value: 'direct' }] })
    const flattened = edits.removeFilter(updated, { index: 0, groupIndex: 0 })
    expect(flattened.filters).toEqual([{ field: 'channel', operator: 'equals', value: 'direct' }])
    expect(edits.removeFilter(flattened, { index: 0 }).filters).toEqual([])
  })

  it('adds recipients once (case-insensitively) and removes them', () => {
    const withDelivery = edits.setDelivery(draft, {
      enabled: true,
      recipients: [],
      subject: 's',
      body: 'b',
    })
    const one = edits.addRecipient(withDelivery, { email: 'cfo@example.com' })
    expect(edits.addRecipient(one, { email: 'CFO@example.com' })).toBe(one)
    expect(edits.removeRecipient(one, 0).delivery?.recipients).toEqual([])
  })
})
