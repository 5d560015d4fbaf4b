import { useCallback, useState } from 'react'
import { useReportwright } from '../provider/reportwright-context'
import { useMountedRef } from './use-mounted-ref'

/** What {@link useRunDownload} returns. */
export interface RunDownloadState {
  /** Fetches the run's file and hands it to the browser as a download. */
  readonly download: (runId: string) => Promise<void>
  /** Id of the run whose file is being fetched. */
  readonly pending: string | undefined
  /** The error of the last download, cleared by the next. */
  readonly error: unknown
}

/**
 * Downloads run files through the client (so auth headers apply) and saves them with a Blob
 * URL. Browser globals are touched only inside `download`, never while rendering.
 */
export function useRunDownload(): RunDownloadState {
  const { client } = useReportwright()
  const [pending, setPending] = useState<string | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const mounted = useMountedRef()
  const download = useCallback(
    async (runId: string) => {
      setPending(runId)
      setError(undefined)
      try {
        const file = await client.downloadRunFile(runId)
        const blob = await file.response.blob()
        saveBlob(blob, file.filename)
      } catch (caught) {
        if (mounted.current) setError(caught)
      } finally {
        if (mounted.current) setPending(undefined)
      }
    },
    [client],
  )
  return { download, pending, error }
}

function saveBlob(blob: Blob, filename: string): void {
  if (typeof document === 'undefined' || typeof URL.createObjectURL !== 'function') return
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // Revoke after the click has been handled; revoking at once cancels it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
