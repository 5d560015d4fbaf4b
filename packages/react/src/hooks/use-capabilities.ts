import type { ResolvedCapabilities } from '@reportwright/core/client'
import { useReportwright } from '../provider/reportwright-context'
import { useAsyncResource } from './use-async-resource'

/** What {@link useCapabilities} returns. */
export interface CapabilitiesState {
  /** What the user may do; `undefined` until loaded. */
  readonly capabilities: ResolvedCapabilities | undefined
  readonly loading: boolean
  readonly error: unknown
  readonly reload: () => void
}

/** Loads the user's resolved capabilities (`client.capabilities()`). */
export function useCapabilities(): CapabilitiesState {
  const { client } = useReportwright()
  const resource = useAsyncResource((signal) => client.capabilities({ signal }), [client])
  return {
    capabilities: resource.data,
    loading: resource.loading,
    error: resource.error,
    reload: resource.reload,
  }
}
