/**
 * `@reportwright/core/model`: the report definition schema and its parts, safe for browsers
 * (imports only zod). The wizard validates with the same schema the server parses with.
 *
 * @packageDocumentation
 */
export {
  ReportDefinitionSchema,
  SortSpecSchema,
  parseReportDefinition,
  MAX_REPORT_LIMIT,
} from './report-definition'
export type { ReportDefinition, ReportDefinitionInput, SortSpec } from './report-definition'
export { AGGREGATIONS, DATE_BUCKETS, FieldSpecSchema, FieldPathSchema } from './field'
export type { Aggregation, DateBucket, FieldPath, FieldSpec } from './field'
export { FilterConditionSchema, FilterNodeSchema, RELATIVE_DATE_UNITS } from './filter'
export type {
  FilterCondition,
  FilterNode,
  FilterOperator,
  FilterScalar,
  RelativeDateUnit,
} from './filter'
export { OUTPUT_FORMATS, REPORT_TEMPLATES, CHART_TYPES, OutputSpecSchema } from './output'
export type { OutputFormat, OutputSpec, ReportTemplate, ChartType } from './output'
export { ScheduleSpecSchema, isTimeZone } from './schedule'
export type { ScheduleSpec } from './schedule'
export { DeliverySpecSchema } from './delivery'
export type { DeliverySpec } from './delivery'
export { reportDefinitionJsonSchema } from './json-schema'
export { outputColumnSpec, outputColumnType } from './output-column-spec'
export type { OutputColumnSpec } from './output-column-spec'
export { TEMPLATE_VARIABLES } from '../template/template-variables'
export type { TemplateVariableName } from '../template/template-variables'
export { ReportwrightError, isReportwrightError } from '../errors/reportwright-error'
export type { ReportwrightErrorCode, ReportwrightErrorDetails } from '../errors/reportwright-error'
export type { CatalogView, DatasetView, FieldView } from '../catalog/catalog-types'
export { COLUMN_TYPES } from '../catalog/column-type'
export type { ColumnType } from '../catalog/column-type'
