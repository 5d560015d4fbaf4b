import type { runsEn } from '../en/runs'

export const runsDe: Record<keyof typeof runsEn, string> = {
  'runs.title': 'Runs',
}
