import { createContext, useContext } from 'react'

/** Ids of one control and of its error text, derived from the draft path it edits. */
export interface ControlIds {
  readonly id: string
  readonly errorId: string
}

/** The prefix every control id of one wizard starts with (from `useId`, so ids are unique). */
export const ControlIdPrefix = createContext('rw-wizard')

/** Ids for the control editing `path`, e.g. `fields.0.label`. */
export function useControlIds(): (path: string) => ControlIds {
  const prefix = useContext(ControlIdPrefix)
  return (path) => {
    const id = `${prefix}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`
    return { id, errorId: `${id}-error` }
  }
}
