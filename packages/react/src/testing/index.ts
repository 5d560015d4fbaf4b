/**
 * `@reportwright/react/testing`: an in-memory implementation of the client interface with
 * sample data, for Storybook, tests and demos without a server.
 *
 * @packageDocumentation
 */
export { createMemoryClient } from './memory-client'
export type {
  MemoryClient,
  MemoryClientMethod,
  MemoryClientOptions,
  MemoryReportSeed,
  MemoryRunFile,
  MemoryRunSeed,
  MemoryStore,
} from './memory-client-types'
export { SAMPLE_REPORTS } from './sample-reports'
export type { SampleRow, SampleValue } from './sample-rows'
