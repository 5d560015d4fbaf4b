/**
 * `@reportwright/adapters/testing`: the vitest conformance suites every storage, file store and
 * delivery adapter runs, Reportwright's own and a host's alike.
 *
 * @packageDocumentation
 */

export { describeStorageConformance } from './describe-storage-conformance'
export type { StorageConformanceOptions, StorageFactoryInput } from './describe-storage-conformance'
export { conformanceClock } from './conformance-clock'
export type { ConformanceClock } from './conformance-clock'
export { describeFileStoreConformance } from './describe-file-store-conformance'
export type { FileStoreConformanceOptions } from './describe-file-store-conformance'
export { describeDeliveryConformance } from './describe-delivery-conformance'
export type {
  ConformanceInbox,
  DeliveryConformanceOptions,
  InboxMessage,
} from './describe-delivery-conformance'
