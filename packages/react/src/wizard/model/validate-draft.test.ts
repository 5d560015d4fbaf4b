import { describe, expect, it } from 'vitest'
import type { ResolvedCapabilities } from '@reportwright/core/client'
import type { FieldView } from '@reportwright/core/model'
import { EMPTY_DRAFT } from './empty-draft'
import { validateDraft } from './validate-draft'
import type { WizardDraft } from './wizard-types'

const fields: FieldView[] = [
  { path: 'order_date', label: 'Order date', type: 'date', group: 'Sales' },
  { path: 'amount', label: 'Amount', type: 'currency', group: 'Sales' },
  { path: 'channel', label: 'Channel', type: 'string', group: 'Sales' },
]

const valid: WizardDraft = {
  ...EMPTY_DRAFT,
  name: 'Revenue',
  dataset: 'sales',
  fields: [{ field: 'amount', aggregation: 'sum' }],
}

const capabilities: ResolvedCapabilities = {
  role: 'user',
  permissions: { createReports: true, manageAllReports: false },
  datasets: ['sales'],
  formats: ['csv', 'xlsx'],
  deliveryChannels: ['email'],
  scheduleFrequencies: ['weekly'],
  maxRecipients: 1,
  canSchedule: true,
  schedulePreview: true,
}

const summary = (draft: WizardDraft, context = {}) =>
  validateDraft(draft, context).map(({ step, path, key }) => ({ step, path, key }))

describe('validateDraft', () => {
  it('accepts a complete draft', () => {
    expect(validateDraft(valid, { fields, capabilities })).toEqual([])
  })

  it('maps schema issues of an empty draft to the steps that edit them', () => {
    expect(summary(EMPTY_DRAFT)).toEqual(
      expect.arrayContaining([
        { step: 'source', path: 'dataset', key: 'wizard.error.datasetRequired' },
        { step: 'fields', path: 'fields', key: 'wizard.error.fieldsRequired' },
        { step: 'review', path: 'name', key: 'wizard.error.nameRequired' },
      ]),
    )
  })

  it('points at the value of a filter, also inside an OR group', () => {
    const draft: WizardDraft = {
      ...valid,
      filters: [
        { field: 'order_date', operator: 'in_last', value: { amount: 0, unit: 'day' } },
        {
          anyOf: [
            { field: 'channel', operator: 'equals', value: '' },
            { field: 'amount', operator: 'greater_than', value: 'ten' },
          ],
        },
      ],
    }
    expect(summary(draft, { fields })).toEqual([
      { step: 'filters', path: 'filters.0.value.amount', key: 'wizard.error.amount' },
      { step: 'filters', path: 'filters.1.anyOf.0.value', key: 'wizard.error.valueRequired' },
      { step: 'filters', path: 'filters.1.anyOf.1.value', key: 'wizard.error.number' },
    ])
  })

  it('checks schedule and email in the settings step', () => {
    const draft: WizardDraft = {
      ...valid,
      schedule: { enabled: true, frequency: 'weekly', time: '25:00', timezone: 'Mars/Base' },
      delivery: { enabled: true, recipients: [{ email: 'nope' }], subject: 'a\nb', body: '' },
    }
    expect(summary(draft)).toEqual(
      expect.arrayContaining([
        { step: 'settings', path: 'schedule.time', key: 'wizard.error.time' },
        { step: 'settings', path: 'schedule.timezone', key: 'wizard.error.timezone' },
        { step: 'settings', path: 'schedule.dayOfWeek', key: 'wizard.error.dayOfWeek' },
        { step: 'settings', path: 'delivery.recipients.0.email', key: 'wizard.error.email' },
        { step: 'settings', path: 'delivery.subject', key: 'wizard.error.singleLine' },
      ]),
    )
  })

  it('asks for recipients when email is on', () => {
    const draft: WizardDraft = {
      ...valid,
      delivery: { enabled: true, recipients: [], subject: 'Report', body: '' },
    }
    expect(summary(draft)).toEqual([
      { step: 'settings', path: 'delivery.recipients', key: 'wizard.error.recipientsRequired' },
    ])
  })

  it('rejects what the capabilities leave out', () => {
    const draft: WizardDraft = {
      ...valid,
      dataset: 'customers',
      fields: [{ field: 'amount' }],
      output: { ...valid.output, format: 'pdf' },
      schedule: { enabled: true, frequency: 'daily', time: '08:00', timezone: 'UTC' },
      delivery: {
        enabled: true,
        recipients: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
        subject: 'Report',
        body: '',
      },
    }
    expect(summary(draft, { capabilities })).toEqual([
      { step: 'source', path: 'dataset', key: 'wizard.error.datasetNotAllowed' },
      { step: 'settings', path: 'output.format', key: 'wizard.error.formatNotAllowed' },
      { step: 'settings', path: 'schedule.frequency', key: 'wizard.error.frequencyNotAllowed' },
      { step: 'settings', path: 'delivery.recipients', key: 'wizard.error.tooManyRecipients' },
    ])
  })

  it('flags fields the dataset does not have', () => {
    expect(summary({ ...valid, fields: [{ field: 'margin' }] }, { fields })).toEqual([
      { step: 'fields', path: 'fields.0.field', key: 'wizard.error.unknownField' },
    ])
  })
})
