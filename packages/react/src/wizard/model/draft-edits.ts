import type {
  FieldSpec,
  FilterNode,
  OutputSpec,
  ScheduleSpec,
  DeliverySpec,
  SortSpec,
} from '@reportwright/core/model'
import type { FilterLocation, WizardCondition, WizardDraft } from './wizard-types'

// Pure edits of the draft. Each takes the draft and returns a new one; the reducer applies them.

/** A patch where `undefined` removes the key (the model has optional keys, not nulls). */
export type Patch<T> = { readonly [K in keyof T]?: T[K] | undefined }

function applyPatch<T extends object>(value: T, patch: Patch<T>): T {
  const next = { ...value } as Record<string, unknown>
  for (const [key, entry] of Object.entries(patch)) {
    if (entry === undefined) delete next[key]
    else next[key] = entry
  }
  return next as T
}

function moveItem<T>(items: readonly T[], from: number, to: number): readonly T[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return items
  const next = [...items]
  const [moved] = next.splice(from, 1)
  if (moved !== undefined) next.splice(to, 0, moved)
  return next
}

/** Picks a dataset; fields, filters, sort and chart of another dataset no longer apply. */
export function setDataset(draft: WizardDraft, dataset: string): WizardDraft {
  if (draft.dataset === dataset) return draft
  const { chart: _chart, ...output } = draft.output
  return { ...draft, dataset, fields: [], filters: [], sort: [], output }
}

export function setName(draft: WizardDraft, name: string): WizardDraft {
  return { ...draft, name }
}

export function setDescription(draft: WizardDraft, description: string): WizardDraft {
  return applyPatch(draft, { description: description === '' ? undefined : description })
}

export function addField(draft: WizardDraft, field: FieldSpec): WizardDraft {
  return { ...draft, fields: [...draft.fields, field] }
}

/** Removes a field and the sort keys and chart axes that named it. */
export function removeField(draft: WizardDraft, index: number): WizardDraft {
  const removed = draft.fields[index]
  if (!removed) return draft
  const fields = draft.fields.filter((_, position) => position !== index)
  if (fields.some((field) => field.field === removed.field)) return { ...draft, fields }
  const sort = draft.sort.filter((key) => key.field !== removed.field)
  const chart = draft.output.chart
  let output = draft.output
  if (chart && (chart.x === removed.field || chart.y.includes(removed.field))) {
    const y = chart.y.filter((path) => path !== removed.field)
    output =
      chart.x === removed.field || y.length === 0
        ? applyPatch(draft.output, { chart: undefined })
        : { ...draft.output, chart: { ...chart, y } }
  }
  return { ...draft, fields, sort, output }
}

export function updateField(
  draft: WizardDraft,
  index: number,
  patch: Patch<Omit<FieldSpec, 'field'>>,
): WizardDraft {
  const current = draft.fields[index]
  if (!current) return draft
  const fields = [...draft.fields]
  fields[index] = applyPatch<FieldSpec>(current, patch)
  return { ...draft, fields }
}

export function moveField(draft: WizardDraft, from: number, to: number): WizardDraft {
  return { ...draft, fields: moveItem(draft.fields, from, to) }
}

/** Adds a top-level condition or a new OR group. */
export function addFilter(draft: WizardDraft, node: FilterNode): WizardDraft {
  return { ...draft, filters: [...draft.filters, node] }
}

/** Adds a condition to the OR group at `index` (a plain condition becomes a group of two). */
export function addToGroup(
  draft: WizardDraft,
  index: number,
  condition: WizardCondition,
): WizardDraft {
  const node = draft.filters[index]
  if (!node) return draft
  const group = 'anyOf' in node ? node.anyOf : [node]
  const filters = [...draft.filters]
  filters[index] = { anyOf: [...group, condition] }
  return { ...draft, filters }
}

export function updateFilter(
  draft: WizardDraft,
  location: FilterLocation,
  condition: WizardCondition,
): WizardDraft {
  const node = draft.filters[location.index]
  if (!node) return draft
  const filters = [...draft.filters]
  if ('anyOf' in node) {
    if (location.groupIndex === undefined) return draft
    const anyOf = [...node.anyOf]
    anyOf[location.groupIndex] = condition
    filters[location.index] = { anyOf }
  } else {
    filters[location.index] = condition
  }
  return { ...draft, filters }
}

/** Removes a condition; a group left with one condition becomes that plain condition. */
export function removeFilter(draft: WizardDraft, location: FilterLocation): WizardDraft {
  const node = draft.filters[location.index]
  if (!node) return draft
  if (!('anyOf' in node) || location.groupIndex === undefined) {
    return { ...draft, filters: draft.filters.filter((_, position) => position !== location.index) }
  }
  const anyOf = node.anyOf.filter((_, position) => position !== location.groupIndex)
  const filters = [...draft.filters]
  const [only] = anyOf
  if (anyOf.length === 0) filters.splice(location.index, 1)
  else filters[location.index] = anyOf.length === 1 && only ? only : { anyOf }
  return { ...draft, filters }
}

export function setOutput(draft: WizardDraft, patch: Patch<OutputSpec>): WizardDraft {
  return { ...draft, output: applyPatch(draft.output, patch) }
}

export function setSort(draft: WizardDraft, sort: readonly SortSpec[]): WizardDraft {
  return { ...draft, sort }
}

export function setLimit(draft: WizardDraft, limit: number | undefined): WizardDraft {
  return applyPatch(draft, { limit })
}

export function setTotals(draft: WizardDraft, totals: boolean): WizardDraft {
  return { ...draft, totals }
}

export function setSchedule(draft: WizardDraft, schedule: ScheduleSpec | undefined): WizardDraft {
  return applyPatch(draft, { schedule })
}

export function updateSchedule(draft: WizardDraft, patch: Patch<ScheduleSpec>): WizardDraft {
  if (!draft.schedule) return draft
  return { ...draft, schedule: applyPatch(draft.schedule, patch) }
}

export function setDelivery(draft: WizardDraft, delivery: DeliverySpec | undefined): WizardDraft {
  return applyPatch(draft, { delivery })
}

export function updateDelivery(draft: WizardDraft, patch: Patch<DeliverySpec>): WizardDraft {
  if (!draft.delivery) return draft
  return { ...draft, delivery: applyPatch(draft.delivery, patch) }
}

export function addRecipient(
  draft: WizardDraft,
  recipient: DeliverySpec['recipients'][number],
): WizardDraft {
  if (!draft.delivery) return draft
  const known = draft.delivery.recipients.some(
    (entry) => entry.email.toLowerCase() === recipient.email.toLowerCase(),
  )
  if (known) return draft
  return {
    ...draft,
    delivery: { ...draft.delivery, recipients: [...draft.delivery.recipients, recipient] },
  }
}

export function removeRecipient(draft: WizardDraft, index: number): WizardDraft {
  if (!draft.delivery) return draft
  const recipients = draft.delivery.recipients.filter((_, position) => position !== index)
  return { ...draft, delivery: { ...draft.delivery, recipients } }
}
