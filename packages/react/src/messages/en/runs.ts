/** Texts of the runs components. Keys are prefixed with `runs.`. */
export const runsEn = {
  'runs.title': 'Runs',
} as const
