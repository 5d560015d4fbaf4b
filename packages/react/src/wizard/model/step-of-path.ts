import type { WizardStepId } from './wizard-types'

const STEP_OF_KEY: Readonly<Record<string, WizardStepId>> = {
  dataset: 'source',
  fields: 'fields',
  filters: 'filters',
  output: 'settings',
  sort: 'settings',
  limit: 'settings',
  totals: 'settings',
  subtotals: 'settings',
  schedule: 'settings',
  delivery: 'settings',
  name: 'review',
  description: 'review',
}

/** The step whose controls edit the value at `path` (top-level key of the definition). */
export function stepOfPath(path: readonly (string | number)[]): WizardStepId {
  const [head] = path
  return (typeof head === 'string' && STEP_OF_KEY[head]) || 'review'
}
