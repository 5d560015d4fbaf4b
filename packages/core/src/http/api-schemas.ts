import * as z from 'zod'
import { FieldPathSchema } from '../model/field'
import { OUTPUT_FORMATS } from '../model/output'
import type { OutputFormat } from '../model/output'
import { ScheduleSpecSchema } from '../model/schedule'
import { DELIVERY_CHANNELS, REPORT_ROLES, SCHEDULE_FREQUENCIES } from './api-constants'
import type { DeliveryChannel, ReportRole, ScheduleFrequency } from './api-constants'

// Browser-safe: the handler and the client share these schemas; zod and the model only.

/** Ids in paths: no dots, slashes or percent signs, so nothing can walk out of a route. */
export const ApiIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'An id is 1–128 letters, digits, `_` or `-`')

export { DELIVERY_CHANNELS, SCHEDULE_FREQUENCIES } from './api-constants'
export type { DeliveryChannel, ScheduleFrequency } from './api-constants'

/**
 * What a host lets one end user do, returned with the context by `getContext`. Every field left
 * out means "no restriction beyond the engine's".
 */
export interface ReportCapabilities {
  /** Dataset ids the user may report on (joins of an allowed dataset come with it). Defaults to all visible. */
  readonly datasets?: readonly string[]
  /** File formats the user may pick. Defaults to every format the engine renders. */
  readonly formats?: readonly OutputFormat[]
  /** Delivery channels the user may enable. Defaults to `['email']`. */
  readonly deliveryChannels?: readonly DeliveryChannel[]
  /** Schedule frequencies the user may pick. Defaults to all. */
  readonly scheduleFrequencies?: readonly ScheduleFrequency[]
  /** Most email recipients of one report. Defaults to 100 (the model's maximum). */
  readonly maxRecipients?: number
  /** Whether the user may schedule reports at all. Defaults to `true`. */
  readonly canSchedule?: boolean
}

/** Validates the capabilities a host returns (or an embed token carries). */
export const ReportCapabilitiesSchema = z.strictObject({
  datasets: z.array(z.string().max(63)).max(1000).optional(),
  formats: z.array(z.enum(OUTPUT_FORMATS)).optional(),
  deliveryChannels: z.array(z.enum(DELIVERY_CHANNELS)).optional(),
  scheduleFrequencies: z.array(z.enum(SCHEDULE_FREQUENCIES)).optional(),
  maxRecipients: z.number().int().min(0).max(100).optional(),
  canSchedule: z.boolean().optional(),
})

export { REPORT_ROLES } from './api-constants'
export type { ReportRole } from './api-constants'

/** What `GET /capabilities` returns: the host's capabilities resolved for this user and engine. */
export interface ResolvedCapabilities {
  /** The strongest of the user's roles the handler knows. */
  readonly role: ReportRole
  readonly permissions: {
    /** May save new reports (every role but `readonly`). */
    readonly createReports: boolean
    /** May edit, delete and run reports of colleagues (`manager`, `admin`, `owner`). */
    readonly manageAllReports: boolean
  }
  readonly datasets: readonly string[]
  readonly formats: readonly OutputFormat[]
  readonly deliveryChannels: readonly DeliveryChannel[]
  readonly scheduleFrequencies: readonly ScheduleFrequency[]
  readonly maxRecipients: number
  readonly canSchedule: boolean
  /** Whether `POST /schedule/preview` is configured (needs a `nextRuns` function). */
  readonly schedulePreview: boolean
}

/** Validates a `GET /capabilities` answer. */
export const ResolvedCapabilitiesSchema = z.object({
  role: z.enum(REPORT_ROLES),
  permissions: z.object({ createReports: z.boolean(), manageAllReports: z.boolean() }),
  datasets: z.array(z.string()),
  formats: z.array(z.enum(OUTPUT_FORMATS)),
  deliveryChannels: z.array(z.enum(DELIVERY_CHANNELS)),
  scheduleFrequencies: z.array(z.enum(SCHEDULE_FREQUENCIES)),
  maxRecipients: z.number(),
  canSchedule: z.boolean(),
  schedulePreview: z.boolean(),
})

/* --- request bodies and queries --- */

/** Body of `POST /preview`; the definition is parsed by `parseReportDefinition`. */
export const PreviewBodySchema = z.strictObject({
  definition: z.unknown(),
  limit: z.number().int().min(1).max(1000).optional(),
})

/** Body of `POST /reports` and `PUT /reports/:id`. */
export const ReportBodySchema = z.strictObject({ definition: z.unknown() })

/** Body of `POST /reports/:id/execute` (may be empty). */
export const ExecuteBodySchema = z.strictObject({
  format: z.enum(OUTPUT_FORMATS).optional(),
  deliver: z.boolean().optional(),
})

/** Body of `POST /schedule/preview`; `count` defaults to 3. */
export const SchedulePreviewBodySchema = z.strictObject({
  schedule: ScheduleSpecSchema,
  count: z.number().int().min(1).max(20).default(3),
  from: z.iso.datetime({ offset: true }).optional(),
})

const TemplateValueSchema = z.union([z.string().max(2000), z.number()])

/** Body of `POST /template/preview`. */
export const TemplatePreviewBodySchema = z.strictObject({
  subject: z.string().max(300),
  body: z.string().max(20_000),
  variables: z.record(z.string().max(64), TemplateValueSchema).optional(),
  /** Fills `reportName` and `reportDescription` from a draft definition. */
  reportName: z.string().max(200).optional(),
})

const CursorSchema = z.string().min(1).max(200)

/** Query of paged lists; `limit` defaults to 25, at most 100. */
export const ListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: CursorSchema.optional(),
})

/** Query of `GET /reports`: a page plus an optional `search`. */
export const ReportListQuerySchema = ListQuerySchema.extend({
  search: z.string().trim().min(1).max(200).optional(),
})

/** Query of the distinct-values route; `limit` defaults to 50, at most 500. */
export const ValuesQuerySchema = z.strictObject({
  search: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

/** A field path in the distinct-values route. */
export const FieldParamSchema = FieldPathSchema

/* --- responses (dates travel as ISO strings) --- */

const ColumnTypeSchema = z.enum([
  'string',
  'number',
  'integer',
  'currency',
  'percent',
  'date',
  'datetime',
  'boolean',
])

const FieldViewSchema = z.object({
  path: z.string(),
  label: z.string(),
  type: ColumnTypeSchema,
  format: z.string().optional(),
  description: z.string().optional(),
  group: z.string(),
})

/** One dataset as `catalog.describe` shows it. */
export const DatasetViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  description: z.string().optional(),
  fields: z.array(FieldViewSchema),
})

/** Validates a `GET /datasets` answer. */
export const DatasetsResponseSchema = z.object({ datasets: z.array(DatasetViewSchema) })
/** Validates a `GET /datasets/:id/fields` answer. */
export const FieldsResponseSchema = z.object({
  dataset: z.string(),
  fields: z.array(FieldViewSchema),
})

const RowValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()])
const RowSchema = z.record(z.string(), RowValueSchema)

/** Validates a distinct-values answer. */
export const ValuesResponseSchema = z.object({
  field: z.string(),
  values: z.array(z.object({ value: RowValueSchema, count: z.number() })),
  hasMore: z.boolean(),
})

const OutputColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: ColumnTypeSchema,
  format: z.string().optional(),
  field: z.string(),
  aggregation: z.string().optional(),
  bucket: z.string().optional(),
  groupBy: z.boolean(),
})

/** Validates a `POST /preview` answer. */
export const PreviewResponseSchema = z.object({
  columns: z.array(OutputColumnSchema),
  rows: z.array(RowSchema),
  totals: RowSchema.optional(),
  hasMore: z.boolean(),
})

/** A saved report as JSON. */
export const ApiReportSchema = z.object({
  id: z.string(),
  tenantId: z.string().optional(),
  ownerId: z.string(),
  definition: z.record(z.string(), z.unknown()),
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})

/** Validates a `GET /reports` answer. */
export const ReportPageSchema = z.object({
  items: z.array(ApiReportSchema),
  nextCursor: z.string().optional(),
})

/** A run as JSON. */
export const ApiRunSchema = z.object({
  id: z.string(),
  tenantId: z.string().optional(),
  userId: z.string(),
  reportId: z.string().optional(),
  reportName: z.string(),
  format: z.enum(OUTPUT_FORMATS),
  trigger: z.enum(['manual', 'schedule', 'api']),
  scheduledFor: z.string().optional(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  rowCount: z.number(),
  file: z.object({ size: z.number(), contentType: z.string(), filename: z.string() }).optional(),
  deliveries: z.array(
    z.object({
      channel: z.string(),
      accepted: z.array(z.string()),
      rejected: z.array(z.object({ email: z.string(), reason: z.string() })),
      error: z.string().optional(),
    }),
  ),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
})

/** Validates a `GET /reports/:id/runs` answer. */
export const RunPageSchema = z.object({
  items: z.array(ApiRunSchema),
  nextCursor: z.string().optional(),
})

/** Validates a `POST /reports/:id/execute` answer. */
export const ExecuteResponseSchema = z.object({
  runId: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
})

/** Validates a `POST /schedule/preview` answer. */
export const SchedulePreviewResponseSchema = z.object({ runs: z.array(z.string()) })

/** Validates a `POST /template/preview` answer. */
export const TemplatePreviewResponseSchema = z.object({
  subject: z.string(),
  body: z.string(),
  html: z.string(),
  unknownVariables: z.array(z.string()),
})

/** The `{ error: { code, message, details } }` body of every error. */
export const ApiErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
})

/** A saved report as the API sends it (dates as ISO strings). */
export type ApiReport = z.infer<typeof ApiReportSchema>
/** A page of saved reports. */
export type ApiReportPage = z.infer<typeof ReportPageSchema>
/** A run as the API sends it (dates as ISO strings, no storage key). */
export type ApiRun = z.infer<typeof ApiRunSchema>
/** A page of runs. */
export type ApiRunPage = z.infer<typeof RunPageSchema>
/** What `POST /reports/:id/execute` answers: the run goes on in the background. */
export type ExecuteResponse = z.infer<typeof ExecuteResponseSchema>
/** What `POST /preview` answers. */
export type PreviewResponse = z.infer<typeof PreviewResponseSchema>
/** Distinct values of a field, most frequent not implied: sorted by value. */
export type ValuesResponse = z.infer<typeof ValuesResponseSchema>
/** What `POST /template/preview` answers. */
export type TemplatePreviewResponse = z.infer<typeof TemplatePreviewResponseSchema>
/** The JSON body of every error response. */
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>
