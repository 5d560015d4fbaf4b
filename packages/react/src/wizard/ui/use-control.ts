import type { ReportWizardState } from '../use-report-wizard'
import { useControlIds } from './control-ids'

/** Props that tie a control to its error: id, `aria-invalid`, `aria-describedby`. */
export interface ControlProps {
  readonly id: string
  readonly 'aria-invalid'?: true
  readonly 'aria-describedby'?: string
}

/** What a step needs to wire one control: its props, its error text and the error's id. */
export interface ControlBinding {
  readonly props: ControlProps
  readonly error?: string
  readonly errorId: string
}

/** Binds controls to the wizard's errors by draft path. */
export function useControl(wizard: ReportWizardState): (path: string) => ControlBinding {
  const idsFor = useControlIds()
  return (path) => {
    const { id, errorId } = idsFor(path)
    const error = wizard.errorFor(path)
    return {
      props: error ? { id, 'aria-invalid': true, 'aria-describedby': errorId } : { id },
      ...(error ? { error } : {}),
      errorId,
    }
  }
}
