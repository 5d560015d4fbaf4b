import type { DatasetView } from '../catalog/catalog-types'
import { ReportwrightError } from '../errors/reportwright-error'
import { parseReportDefinition } from '../model/report-definition'
import type { ReportDefinitionInput } from '../model/report-definition'
import { escapeHtml, renderTemplate, templateDateValues } from '../template/render-template'
import type { TemplateVariables } from '../template/render-template'
import {
  ApiIdSchema,
  FieldParamSchema,
  PreviewBodySchema,
  SchedulePreviewBodySchema,
  TemplatePreviewBodySchema,
  ValuesQuerySchema,
} from './api-schemas'
import type { PreviewResponse, TemplatePreviewResponse, ValuesResponse } from './api-schemas'
import { invalidRequest } from './http-errors'
import { jsonResponse } from './http-response'
import { parseWith, queryObject, readJsonBody } from './read-request'
import { assertDatasetAllowed, assertScheduleAllowed } from './report-capabilities'
import type { Route, RouteInput } from './route-types'

/** The dataset of the path: `NOT_FOUND` when the context cannot see it, `FORBIDDEN` outside the capabilities. */
function datasetParam(input: RouteInput): DatasetView {
  const id = parseWith(ApiIdSchema, input.params.id, 'dataset id')
  const view = input.runtime.engine.catalog.describeDataset(id, input.context)
  assertDatasetAllowed(input.capabilities, id)
  return view
}

/** Catalog, preview and the wizard's helper routes. */
export const catalogRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/capabilities',
    handle: async ({ capabilities }) => jsonResponse(capabilities),
  },
  {
    method: 'GET',
    path: '/datasets',
    handle: async ({ runtime, context, capabilities }) => {
      const view = runtime.engine.catalog.describe(context)
      const datasets = view.datasets.filter((dataset) => capabilities.datasets.includes(dataset.id))
      return jsonResponse({ datasets })
    },
  },
  {
    method: 'GET',
    path: '/datasets/:id/fields',
    handle: async (input) => {
      const view = datasetParam(input)
      return jsonResponse({ dataset: view.id, fields: view.fields })
    },
  },
  {
    method: 'GET',
    path: '/datasets/:id/fields/:field/values',
    handle: async (input) => {
      const dataset = datasetParam(input).id
      const field = parseWith(FieldParamSchema, input.params.field, 'field path')
      const query = parseWith(ValuesQuerySchema, queryObject(input.url), 'query')
      // Resolving first gives UNKNOWN_FIELD / FORBIDDEN_FIELD and the type for `search`.
      const resolved = input.runtime.engine.catalog.resolveField(dataset, field, input.context)
      if (query.search !== undefined && resolved.def.type !== 'string')
        throw invalidRequest(`"search" works on text fields; "${field}" is ${resolved.def.type}.`)
      // Through the engine like any report: tenant scoping and column roles apply.
      const definition: ReportDefinitionInput = {
        version: 1,
        name: `Values of ${field}`,
        dataset,
        fields: [{ field }, { field, aggregation: 'count' }],
        filters:
          query.search !== undefined ? [{ field, operator: 'contains', value: query.search }] : [],
        sort: [{ field, direction: 'asc' }],
      }
      const preview = await input.runtime.engine.preview(definition, {
        context: input.context,
        limit: query.limit,
        signal: input.request.signal,
      })
      const [valueColumn, countColumn] = preview.columns
      if (!valueColumn || !countColumn) throw new ReportwrightError({ code: 'QUERY_FAILED' })
      const body: ValuesResponse = {
        field,
        values: preview.rows.map((row) => ({
          value: row[valueColumn.key] ?? null,
          count: Number(row[countColumn.key] ?? 0),
        })),
        hasMore: preview.hasMore,
      }
      return jsonResponse(body)
    },
  },
  {
    method: 'POST',
    path: '/preview',
    handle: async (input) => {
      const raw = await readJsonBody(input.request, input.runtime.maxBodyBytes)
      const body = parseWith(PreviewBodySchema, raw, 'preview request')
      const definition = parseReportDefinition(body.definition)
      assertDatasetAllowed(input.capabilities, definition.dataset)
      const preview = await input.runtime.engine.preview(definition, {
        context: input.context,
        ...(body.limit !== undefined ? { limit: body.limit } : {}),
        signal: input.request.signal,
      })
      const response: PreviewResponse = {
        columns: preview.columns.map((column) => ({ ...column })),
        rows: preview.rows.map((row) => ({ ...row })),
        ...(preview.totals ? { totals: { ...preview.totals } } : {}),
        hasMore: preview.hasMore,
      }
      return jsonResponse(response)
    },
  },
  {
    method: 'POST',
    path: '/schedule/preview',
    handle: async (input) => {
      const { nextRuns } = input.runtime
      if (!nextRuns)
        throw new ReportwrightError({
          code: 'NOT_FOUND',
          message:
            'Schedule preview is not configured: pass `nextRuns` (from @reportwright/scheduler) to createReportHandler.',
        })
      const raw = await readJsonBody(input.request, input.runtime.maxBodyBytes)
      const body = parseWith(SchedulePreviewBodySchema, raw, 'schedule preview request')
      assertScheduleAllowed(input.capabilities, body.schedule)
      const from = body.from !== undefined ? new Date(body.from) : input.runtime.clock.now()
      const runs = await nextRuns(body.schedule, from, body.count)
      return jsonResponse({ runs: runs.map((date) => date.toISOString()) })
    },
  },
  {
    method: 'POST',
    path: '/template/preview',
    handle: async (input) => {
      const raw = await readJsonBody(input.request, input.runtime.maxBodyBytes)
      const body = parseWith(TemplatePreviewBodySchema, raw, 'template preview request')
      const variables = sampleVariables(input, body.reportName, body.variables)
      const subject = renderTemplate(body.subject, variables).replace(/[\r\n]+/g, ' ')
      const response: TemplatePreviewResponse = {
        subject,
        body: renderTemplate(body.body, variables),
        html: renderTemplate(escapeHtml(body.body), variables, { escape: 'html' }),
        unknownVariables: unknownVariables(`${body.subject}\n${body.body}`, variables),
      }
      return jsonResponse(response)
    },
  },
]

/** The variables a run would offer, with sample values, overridden by the caller's. */
function sampleVariables(
  input: RouteInput,
  reportName: string | undefined,
  overrides: Readonly<Record<string, string | number>> | undefined,
): TemplateVariables {
  const { timezone, locale } = input.context
  const sample: TemplateVariables = {
    report_name: reportName ?? 'Sample report',
    report_description: '',
    run_id: 'sample-run',
    ...templateDateValues({
      runAt: input.runtime.clock.now(),
      ...(timezone ? { timezone } : {}),
      ...(locale ? { locale } : {}),
    }),
    row_count: 42,
    format: 'csv',
    download_url: 'https://example.com/download/sample',
  }
  const merged = Object.create(null) as Record<string, string | number | undefined>
  Object.assign(merged, sample, overrides)
  return merged
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*)\s*\}\}/g

function unknownVariables(text: string, variables: TemplateVariables): string[] {
  const unknown = new Set<string>()
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? ''
    if (!Object.hasOwn(variables, name)) unknown.add(name)
  }
  return [...unknown]
}
