import { useMemo } from 'react'
import type { Dispatch } from 'react'
import type { ResolvedCapabilities } from '@reportwright/core/client'
import type {
  DatasetView,
  DeliverySpec,
  FieldSpec,
  FilterNode,
  OutputSpec,
  ScheduleSpec,
  SortSpec,
} from '@reportwright/core/model'
import type { Translate } from '../provider/reportwright-context'
import * as edits from './model/draft-edits'
import type { Patch } from './model/draft-edits'
import type { WizardAction } from './model/wizard-reducer'
import type { FilterLocation, WizardCondition, WizardDraft } from './model/wizard-types'

/** Update helpers of the data-source step. */
export interface SourceEditor {
  /** Picks a dataset (clearing fields and filters of another one) and names a new report after it. */
  readonly setDataset: (datasetId: string, datasetLabel?: string) => void
}

/** Update helpers of the fields step. */
export interface FieldsEditor {
  readonly add: (field: FieldSpec) => void
  /** Adds the field, or removes it when it is already selected. */
  readonly toggle: (path: string) => void
  readonly remove: (index: number) => void
  readonly update: (index: number, patch: Patch<Omit<FieldSpec, 'field'>>) => void
  readonly move: (from: number, to: number) => void
}

/** Update helpers of the filters step. */
export interface FiltersEditor {
  /** Adds a condition (AND) or an OR group. */
  readonly add: (node: FilterNode) => void
  /** Adds an OR alternative to the node at `index`. */
  readonly addAlternative: (index: number, condition: WizardCondition) => void
  readonly update: (location: FilterLocation, condition: WizardCondition) => void
  readonly remove: (location: FilterLocation) => void
}

/** Update helpers of the settings step: output, sort, limit, schedule and email. */
export interface SettingsEditor {
  readonly setOutput: (patch: Patch<OutputSpec>) => void
  readonly setSort: (sort: readonly SortSpec[]) => void
  readonly setLimit: (limit: number | undefined) => void
  readonly setTotals: (totals: boolean) => void
  /** Turns the schedule on (with allowed defaults in the browser's time zone) or off. */
  readonly enableSchedule: (enabled: boolean) => void
  readonly updateSchedule: (patch: Patch<ScheduleSpec>) => void
  /** Turns the email on (with default subject and body) or off. */
  readonly enableDelivery: (enabled: boolean) => void
  readonly updateDelivery: (patch: Patch<DeliverySpec>) => void
  readonly addRecipient: (recipient: DeliverySpec['recipients'][number]) => void
  readonly removeRecipient: (index: number) => void
}

/** Update helpers of the preview & save step. */
export interface DetailsEditor {
  readonly setName: (name: string) => void
  readonly setDescription: (description: string) => void
}

/** Every update helper, grouped by step. */
export interface DraftEditors {
  readonly source: SourceEditor
  readonly fields: FieldsEditor
  readonly filters: FiltersEditor
  readonly settings: SettingsEditor
  readonly details: DetailsEditor
}

function defaultFrequency(
  capabilities: ResolvedCapabilities | undefined,
): ScheduleSpec['frequency'] {
  const allowed = capabilities?.scheduleFrequencies ?? ['weekly']
  return allowed.includes('weekly') ? 'weekly' : (allowed[0] ?? 'weekly')
}

function browserTimeZone(): string {
  // Called from event handlers only, never during render, so server and client markup agree.
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** Wraps the pure draft edits in dispatches, grouped by the step that uses them. */
export function useDraftEditors(
  dispatch: Dispatch<WizardAction>,
  t: Translate,
  capabilities: ResolvedCapabilities | undefined,
  datasets: readonly DatasetView[],
): DraftEditors {
  return useMemo(() => {
    const edit = (change: (draft: WizardDraft) => WizardDraft): void =>
      dispatch({ type: 'edit', edit: change })
    return {
      source: {
        setDataset: (datasetId, datasetLabel) =>
          edit((draft) => {
            const next = edits.setDataset(draft, datasetId)
            // The name follows the dataset until the person types one of their own.
            const previousLabel = datasets.find((dataset) => dataset.id === draft.dataset)?.label
            const previousDefault = previousLabel
              ? t('wizard.review.defaultName', { dataset: previousLabel })
              : undefined
            const untouched = next.name.trim() === '' || next.name === previousDefault
            return untouched && datasetLabel
              ? edits.setName(next, t('wizard.review.defaultName', { dataset: datasetLabel }))
              : next
          }),
      },
      fields: {
        add: (field) => edit((draft) => edits.addField(draft, field)),
        toggle: (path) =>
          edit((draft) => {
            const index = draft.fields.findIndex((field) => field.field === path)
            return index === -1
              ? edits.addField(draft, { field: path })
              : edits.removeField(draft, index)
          }),
        remove: (index) => edit((draft) => edits.removeField(draft, index)),
        update: (index, patch) => edit((draft) => edits.updateField(draft, index, patch)),
        move: (from, to) => edit((draft) => edits.moveField(draft, from, to)),
      },
      filters: {
        add: (node) => edit((draft) => edits.addFilter(draft, node)),
        addAlternative: (index, condition) =>
          edit((draft) => edits.addToGroup(draft, index, condition)),
        update: (location, condition) =>
          edit((draft) => edits.updateFilter(draft, location, condition)),
        remove: (location) => edit((draft) => edits.removeFilter(draft, location)),
      },
      settings: {
        setOutput: (patch) => edit((draft) => edits.setOutput(draft, patch)),
        setSort: (sort) => edit((draft) => edits.setSort(draft, sort)),
        setLimit: (limit) => edit((draft) => edits.setLimit(draft, limit)),
        setTotals: (totals) => edit((draft) => edits.setTotals(draft, totals)),
        enableSchedule: (enabled) => {
          const timezone = enabled ? browserTimeZone() : 'UTC'
          const frequency = defaultFrequency(capabilities)
          edit((draft) =>
            edits.setSchedule(
              draft,
              enabled
                ? {
                    enabled: true,
                    frequency,
                    ...(frequency === 'weekly' ? { dayOfWeek: 1 } : {}),
                    ...(frequency === 'monthly' ? { dayOfMonth: 1 } : {}),
                    ...(frequency === 'cron' ? { cron: '0 8 * * 1' } : {}),
                    time: '08:00',
                    timezone,
                  }
                : undefined,
            ),
          )
        },
        updateSchedule: (patch) => edit((draft) => edits.updateSchedule(draft, patch)),
        enableDelivery: (enabled) =>
          edit((draft) =>
            edits.setDelivery(
              draft,
              enabled
                ? {
                    enabled: true,
                    recipients: [],
                    subject: t('wizard.delivery.defaultSubject'),
                    body: t('wizard.delivery.defaultBody'),
                  }
                : undefined,
            ),
          ),
        updateDelivery: (patch) => edit((draft) => edits.updateDelivery(draft, patch)),
        addRecipient: (recipient) => edit((draft) => edits.addRecipient(draft, recipient)),
        removeRecipient: (index) => edit((draft) => edits.removeRecipient(draft, index)),
      },
      details: {
        setName: (name) => edit((draft) => edits.setName(draft, name)),
        setDescription: (description) => edit((draft) => edits.setDescription(draft, description)),
      },
    }
  }, [dispatch, t, capabilities, datasets])
}
