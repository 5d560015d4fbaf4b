import { useEffect, useState } from 'react'
import type { ResolvedCapabilities } from '@reportwright/core/client'
import type { DatasetView } from '@reportwright/core/model'
import { useReportwright } from '../provider/reportwright-context'

/** What the wizard offers: the user's capabilities and the datasets they may report on. */
export interface WizardCatalog {
  readonly capabilities?: ResolvedCapabilities
  /** Visible datasets the capabilities allow, with their fields. */
  readonly datasets: readonly DatasetView[]
  readonly loading: boolean
  /** The load failure in words. */
  readonly error?: string
}

/** Only the datasets the capabilities allow (all of them while capabilities are unknown). */
export function allowedDatasets(
  datasets: readonly DatasetView[],
  capabilities: ResolvedCapabilities | undefined,
): readonly DatasetView[] {
  if (!capabilities) return datasets
  return datasets.filter((dataset) => capabilities.datasets.includes(dataset.id))
}

/** Loads capabilities and datasets once per client. */
export function useWizardCatalog(): WizardCatalog {
  const { client, errorMessage } = useReportwright()
  const [state, setState] = useState<WizardCatalog>({ datasets: [], loading: true })
  useEffect(() => {
    const controller = new AbortController()
    const { signal } = controller
    Promise.all([client.capabilities({ signal }), client.datasets({ signal })]).then(
      ([capabilities, view]) => {
        if (signal.aborted) return
        setState({
          capabilities,
          datasets: allowedDatasets(view.datasets, capabilities),
          loading: false,
        })
      },
      (error: unknown) => {
        if (signal.aborted) return
        setState({ datasets: [], loading: false, error: errorMessage(error) })
      },
    )
    return () => controller.abort()
  }, [client, errorMessage])
  return state
}
