import type { ReactNode } from 'react'

/** The inline error under a control; the control points at it with `aria-describedby`. */
export function FieldError(props: { readonly id: string; readonly message?: string }): ReactNode {
  if (!props.message) return null
  return (
    <p id={props.id} className="rw-error-text rw-wizard__field-error">
      {props.message}
    </p>
  )
}
