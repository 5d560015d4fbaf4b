import type { ReportDefinition } from '@reportwright/core/model'
import type { WizardDraft } from './wizard-types'

/** A new report: nothing chosen yet, the model's defaults for everything else. */
export const EMPTY_DRAFT: WizardDraft = {
  version: 1,
  name: '',
  dataset: '',
  fields: [],
  filters: [],
  sort: [],
  totals: false,
  subtotals: false,
  output: { format: 'csv', template: 'business_standard', layout: 'table', includeCharts: false },
}

/** Fills a partial definition (a saved report or a host's starting point) into a full draft. */
export function toDraft(input: Partial<ReportDefinition> | undefined): WizardDraft {
  if (!input) return EMPTY_DRAFT
  return {
    ...EMPTY_DRAFT,
    ...input,
    version: 1,
    output: { ...EMPTY_DRAFT.output, ...input.output },
  }
}

/** A stable text form of a draft, to tell whether it changed since it was loaded or saved. */
export function draftSignature(draft: WizardDraft): string {
  return JSON.stringify(draft)
}
