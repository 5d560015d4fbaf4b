import { useEffect, useState } from 'react'
import type { TemplatePreviewResponse } from '@reportwright/core/client'
import { useReportwright } from '../../provider/reportwright-context'

const DEBOUNCE_MS = 300

/** The email's subject and body rendered with sample values by `client.previewTemplate`. */
export function useTemplatePreview(
  input:
    { readonly subject: string; readonly body: string; readonly reportName: string } | undefined,
): { readonly preview?: TemplatePreviewResponse; readonly error?: string } {
  const { client, errorMessage } = useReportwright()
  const [state, setState] = useState<{ preview?: TemplatePreviewResponse; error?: string }>({})
  const key = input ? JSON.stringify(input) : ''
  useEffect(() => {
    if (key === '') return
    const request = JSON.parse(key) as { subject: string; body: string; reportName: string }
    let active = true
    const timer = setTimeout(() => {
      client
        .previewTemplate({
          subject: request.subject,
          body: request.body,
          ...(request.reportName.trim() ? { reportName: request.reportName } : {}),
        })
        .then(
          (preview) => {
            if (active) setState({ preview })
          },
          (error: unknown) => {
            if (active) setState({ error: errorMessage(error) })
          },
        )
    }, DEBOUNCE_MS)
    return () => {
      active = false
      clearTimeout(timer)
    }
  }, [client, errorMessage, key])
  return key === '' ? {} : state
}
