/* --- errors --- */
export {
  ReportwrightError,
  REPORTWRIGHT_ERROR_CODES,
  isReportwrightError,
  redactSecrets,
} from './errors/reportwright-error'
export type {
  ReportwrightErrorCode,
  ReportwrightErrorDetails,
  ReportwrightErrorOptions,
  ReportwrightIssue,
} from './errors/reportwright-error'
export { HTTP_STATUS_BY_CODE } from './errors/http-status'

/* --- context --- */
export type { RequestContext } from './context/request-context'

/* --- model --- */
// The browser-safe `./model` subpath is the one list of the definition's schema and parts.
export * from './model/index'

/* --- catalog --- */
export { defineCatalog, MAX_JOIN_DEPTH } from './catalog/define-catalog'
export { introspect } from './catalog/introspect'
export type { DraftedDataset, IntrospectOptions } from './catalog/introspect'
export type { DefineCatalogInput } from './catalog/define-catalog'
export { COLUMN_TYPES } from './catalog/column-type'
export type { ColumnType } from './catalog/column-type'
export type {
  Catalog,
  CatalogView,
  ColumnDef,
  DatasetDef,
  DatasetView,
  FieldView,
  JoinDef,
  ResolvedField,
} from './catalog/catalog-types'

/* --- plan + compiler --- */
export { planReport } from './plan/plan-report'
export type { PlanOptions } from './plan/plan-report'
export { AnyOf, Aggregate, Bucket, ColumnRef, Predicate, SortKey } from './plan/plan-node'
export type {
  AggregateNode,
  AnyOfNode,
  BucketNode,
  ColumnRefNode,
  PlanExpr,
  PlanJoin,
  PlanNode,
  PlanNodeKind,
  PlanSelection,
  PlanValue,
  PredicateNode,
  PredicateOperator,
  ReportPlan,
  SortKeyNode,
} from './plan/plan-node'
export { resolveRelativeDateRange } from './plan/relative-date-range'
export type { DateRange } from './plan/relative-date-range'
export { compilePlan } from './compiler/compile-plan'
export { compileReport } from './compiler/compile-report'
export type { CompileReportOptions } from './compiler/compile-report'
export type { CompiledQuery, CompiledReport } from './compiler/compiled-report'
export { DIALECT_NAMES } from './compiler/sql-dialect'
export type { DialectName, SqlDialect, SubtotalStrategy } from './compiler/sql-dialect'
export { postgresDialect, pgliteDialect } from './dialect/postgres-dialect'
export { mysqlDialect } from './dialect/mysql-dialect'
export { sqliteDialect, SQLITE_BUCKET_FUNCTION } from './dialect/sqlite-dialect'

/* --- sources --- */
export { SUBTOTAL_LEVEL_KEY } from './source/row'
export type { Row, RowValue } from './source/row'
export type { OutputColumn } from './source/output-column'
export type {
  IntrospectedColumn,
  IntrospectedForeignKey,
  IntrospectedTable,
  Source,
  SourceStreamOptions,
} from './source/source'
export {
  canonicalDate,
  canonicalDatetime,
  canonicalDecimal,
  createRowDecoder,
  decodeValue,
} from './source/decode-value'
export { dateBucketStart } from './util/date-bucket'
export { postgresSource } from './source/postgres-source'
export type {
  PgCursorConfigLike,
  PgCursorCtorLike,
  PgCursorLike,
  PgPoolClientLike,
  PgPoolLike,
  PgQueryResultLike,
  PostgresSourceOptions,
} from './source/postgres-source'
export { mysqlSource } from './source/mysql-source'
export type {
  MysqlCallback,
  MysqlExecuteOptionsLike,
  MysqlPoolConnectionLike,
  MysqlPoolLike,
  MysqlPromisePoolLike,
  MysqlQueryLike,
  MysqlRowStreamLike,
  MysqlSourceOptions,
  MysqlTypeCastFieldLike,
} from './source/mysql-source'
export { sqliteSource } from './source/sqlite-source'
export type {
  BetterSqliteDatabaseLike,
  BetterSqliteStatementLike,
  SqliteSourceOptions,
} from './source/sqlite-source'
export { pgliteSource } from './source/pglite-source'
export type {
  PGliteLike,
  PGliteQueryOptionsLike,
  PGliteResultsLike,
  PGliteSourceOptions,
  PGliteTransactionLike,
} from './source/pglite-source'

/* --- engine --- */
export { createReportEngine, MAX_PREVIEW_ROWS } from './engine/create-report-engine'
export type {
  CheckOptions,
  PreviewOptions,
  PreviewResult,
  ReportEngine,
  ReportEngineOptions,
  StreamOptions,
} from './engine/create-report-engine'
export type {
  CheckErrorProblem,
  CheckProblem,
  CheckResult,
  DriftProblem,
} from './engine/check-schema'
export type { RunOptions, RunPhase, RunProgress, RunResult } from './engine/run-lifecycle'
export { DEFAULT_LIMITS, resolveLimits } from './engine/limits'
export type { EngineLimits, ResolvedLimits } from './engine/limits'
export { describeCondition, summarizeFilters } from './engine/filter-summary'

/* --- built-in reference implementations --- */
export { memoryStorage, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './builtin/memory-storage'
export type { MemoryStorageOptions } from './builtin/memory-storage'
export { memoryOccurrences } from './builtin/memory-occurrences'
export type { MemoryOccurrencesOptions } from './builtin/memory-occurrences'
export { memoryFiles } from './builtin/memory-files'
export type { MemoryFileStore, MemoryFilesOptions } from './builtin/memory-files'
export { jsonRenderer, TOTAL_ROW_KEY } from './builtin/json-renderer'
export { createOutputWriter, drained, throwIfStopped } from './builtin/output-writer'
export type { OutputWriter } from './builtin/output-writer'
export type { JsonRendererOptions } from './builtin/json-renderer'

/* --- templates --- */
export {
  escapeHtml,
  renderTemplate,
  reportTemplateVariables,
  templateDateValues,
  TEMPLATE_VARIABLES,
} from './template/render-template'
export type {
  RenderTemplateOptions,
  TemplateDateInput,
  TemplateRunInfo,
  TemplateVariables,
} from './template/render-template'

/* --- ports --- */
export type { Renderer, RenderInput, ReportTheme } from './ports/renderer'
export type { FileStore } from './ports/file-store'
export type {
  DeliveryAdapter,
  DeliveryAttachment,
  DeliveryMessage,
  DeliveryResult,
} from './ports/delivery-adapter'
export type { Logger } from './ports/logger'
export { silentLogger } from './ports/logger'
export { OCCURRENCE_STATUSES, RUN_STATUSES } from './ports/storage-adapter'
export type {
  Lease,
  LeaseRepository,
  NewOccurrence,
  NewRun,
  OccurrenceKey,
  OccurrencePatch,
  OccurrenceRecord,
  OccurrenceRepository,
  OccurrenceStatus,
  Page,
  PageRequest,
  PruneOccurrencesOptions,
  ReportRepository,
  RunDelivery,
  RunFile,
  RunOutcome,
  RunRecord,
  RunRepository,
  RunStatus,
  RunTrigger,
  ScheduleRepository,
  StorageAdapter,
  StoredReport,
  StoredSchedule,
} from './ports/storage-adapter'

/* --- http + auth (also at `@reportwright/core/http`; the client is at `@reportwright/core/client`) --- */
export {
  AUDIT_ACTIONS,
  DELIVERY_CHANNELS,
  EMBED_TOKEN_ALGORITHMS,
  HTTP_REASONS,
  REPORT_ROLES,
  ReportCapabilitiesSchema,
  SCHEDULE_FREQUENCIES,
  UNAUTHENTICATED_REASON,
  createReportHandler,
  httpStatusOf,
  memoryAuditSink,
  memoryRateLimiter,
  signEmbedToken,
  toNodeListener,
  unauthenticatedError,
  verifyEmbedToken,
} from './http/index'
export type {
  ApiErrorBody,
  ApiReport,
  ApiReportPage,
  ApiRun,
  ApiRunPage,
  AuditAction,
  AuditEntry,
  AuditSink,
  DeliveryChannel,
  EmbedTokenAlgorithm,
  EmbedTokenClaims,
  EmbedTokenKey,
  ExecuteResponse,
  FetchHandler,
  HandlerContext,
  MemoryAuditSink,
  MemoryAuditSinkOptions,
  MemoryRateLimiterOptions,
  NextRunsFunction,
  PreviewResponse,
  RateLimitDecision,
  RateLimiter,
  RateLimitWindow,
  ReportCapabilities,
  ReportHandler,
  ReportHandlerCors,
  ReportHandlerLimits,
  ReportHandlerOptions,
  ReportRole,
  ResolvedCapabilities,
  ScheduleFrequency,
  SignEmbedTokenOptions,
  TemplatePreviewResponse,
  ToNodeListenerOptions,
  ValuesResponse,
  VerifyEmbedTokenOptions,
} from './http/index'
export { createClient } from './client/create-client'
export type {
  ClientPageOptions,
  CreateClientOptions,
  DistinctValuesOptions,
  ExecuteReportOptions,
  ListReportsOptions,
  ReportwrightClient,
  RunFileDownload,
  TemplatePreviewInput,
} from './client/create-client'

/* --- REST / JSON API sources --- */
export { restSource } from './rest/rest-source'
export type { RestAuth, RestSourceOptions } from './rest/rest-source'
export type { RestEndpoint, RestPagination, RestTenantParam } from './rest/rest-pages'
export type { RestClock, RestFetch, RestRetryOptions } from './rest/rest-http'
export { REST_ERROR_REASONS } from './rest/rest-errors'
export type { RestErrorReason } from './rest/rest-errors'
export { restDialect } from './rest/rest-dialect'
export type { PlanPart } from './compiler/compiled-report'

/* --- CSV fast path (PostgreSQL COPY) --- */
export type { RenderCsvCopyLayout } from './ports/renderer'
export type { CopyCsvResult, CsvCopyLayout, SourceCopyCsvOptions } from './source/source'
export type { PgCopyStreamsLike, PgCopyToStreamLike } from './source/postgres-copy'
