import type { Catalog } from '../catalog/catalog-types'
import type { DeliveryAdapter } from '../ports/delivery-adapter'
import type { FileStore } from '../ports/file-store'
import type { Logger } from '../ports/logger'
import type { Renderer, ReportTheme } from '../ports/renderer'
import type { StorageAdapter } from '../ports/storage-adapter'
import type { ResolvedLimits } from './limits'

/** Everything the engine resolved from its options; internal to the engine. */
export interface EngineRuntime {
  readonly catalog: Catalog
  readonly storage: StorageAdapter
  readonly renderers: ReadonlyMap<string, Renderer>
  readonly files: FileStore
  readonly delivery: DeliveryAdapter | undefined
  readonly limits: ResolvedLimits
  readonly logger: Logger
  readonly clock: { now(): Date }
  readonly theme: ReportTheme | undefined
  readonly checkSchemaBeforeRun: boolean
  readonly downloadLinkTtlSeconds: number
}
