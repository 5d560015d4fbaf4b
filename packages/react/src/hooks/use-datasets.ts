import type { DatasetView } from '@reportwright/core/model'
import { useReportwright } from '../provider/reportwright-context'
import { useAsyncResource } from './use-async-resource'

/** What {@link useDatasets} returns. */
export interface DatasetsState {
  /** The datasets the user may report on, with their fields; empty while loading. */
  readonly datasets: readonly DatasetView[]
  readonly loading: boolean
  readonly error: unknown
  readonly reload: () => void
}

/** Loads the catalog (`client.datasets()`) of the provider's client. */
export function useDatasets(): DatasetsState {
  const { client } = useReportwright()
  const resource = useAsyncResource(
    async (signal) => (await client.datasets({ signal })).datasets,
    [client],
  )
  return {
    datasets: resource.data ?? [],
    loading: resource.loading,
    error: resource.error,
    reload: resource.reload,
  }
}
