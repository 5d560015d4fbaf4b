/**
 * `@reportwright/core/http`: the HTTP API (fetch-standard handler, node adapter, roles,
 * capabilities, rate limiting, audit) and embed tokens. Also exported from the package root.
 *
 * @packageDocumentation
 */
export { createReportHandler } from './create-report-handler'
export type {
  HandlerContext,
  ReportHandler,
  ReportHandlerCors,
  ReportHandlerLimits,
  ReportHandlerOptions,
} from './create-report-handler'
export { toNodeListener } from './to-node-listener'
export type { FetchHandler, ToNodeListenerOptions } from './to-node-listener'
export { memoryRateLimiter } from './rate-limiter'
export type {
  MemoryRateLimiterOptions,
  RateLimitDecision,
  RateLimiter,
  RateLimitWindow,
} from './rate-limiter'
export { AUDIT_ACTIONS, memoryAuditSink } from './audit-sink'
export type {
  AuditAction,
  AuditEntry,
  AuditSink,
  MemoryAuditSink,
  MemoryAuditSinkOptions,
} from './audit-sink'
export type { NextRunsFunction } from './route-types'
export { HTTP_REASONS, httpStatusOf } from './http-errors'
export {
  DELIVERY_CHANNELS,
  REPORT_ROLES,
  SCHEDULE_FREQUENCIES,
  ReportCapabilitiesSchema,
} from './api-schemas'
export type {
  ApiErrorBody,
  ApiReport,
  ApiReportPage,
  ApiRun,
  ApiRunPage,
  DeliveryChannel,
  ExecuteResponse,
  PreviewResponse,
  ReportCapabilities,
  ReportRole,
  ResolvedCapabilities,
  ScheduleFrequency,
  TemplatePreviewResponse,
  ValuesResponse,
} from './api-schemas'
export { EMBED_TOKEN_ALGORITHMS, signEmbedToken, verifyEmbedToken } from '../auth/embed-token'
export type {
  EmbedTokenAlgorithm,
  EmbedTokenClaims,
  EmbedTokenKey,
  SignEmbedTokenOptions,
  VerifyEmbedTokenOptions,
} from '../auth/embed-token'
export { UNAUTHENTICATED_REASON, unauthenticatedError } from '../auth/unauthenticated-error'
