import { compileReport } from '../compiler/compile-report'
import { ReportwrightError } from '../errors/reportwright-error'
import { parseReportDefinition } from '../model/report-definition'
import type { ReportDefinition } from '../model/report-definition'
import type { StoredReport } from '../ports/storage-adapter'
import {
  ApiIdSchema,
  ExecuteBodySchema,
  ListQuerySchema,
  ReportBodySchema,
  ReportListQuerySchema,
} from './api-schemas'
import type { ApiReportPage, ApiRunPage, ExecuteResponse } from './api-schemas'
import { reportEtag, toApiReport, toApiRun } from './api-serialize'
import { HTTP_REASONS, invalidRequest } from './http-errors'
import { jsonResponse } from './http-response'
import { parseWith, queryObject, readJsonBody } from './read-request'
import { assertDefinitionAllowed, assertFormatAllowed } from './report-capabilities'
import { assertCanChange, assertCanCreate } from './report-roles'
import { startRunInBackground } from './start-run'
import type { Route, RouteInput } from './route-types'

// Search scans storage pages; past this many reports it returns what it found and a cursor.
const SEARCH_SCAN_BUDGET = 2_000

/** Reads a report of the caller's tenant; another tenant's is `NOT_FOUND`, like a missing one. */
async function readReport(input: RouteInput): Promise<StoredReport> {
  const id = parseWith(ApiIdSchema, input.params.id, 'report id')
  const report = await input.runtime.engine.storage.reports.get(input.context, id)
  if (!report) throw new ReportwrightError({ code: 'NOT_FOUND', message: `No report "${id}".` })
  return report
}

async function readDefinition(input: RouteInput): Promise<ReportDefinition> {
  const raw = await readJsonBody(input.request, input.runtime.maxBodyBytes)
  const body = parseWith(ReportBodySchema, raw, 'report request')
  const definition = parseReportDefinition(body.definition)
  assertDefinitionAllowed(input.capabilities, definition)
  // Catalog errors (unknown or forbidden fields, no tenant) surface at save, not at the first run.
  compileReport(definition, input.runtime.engine.catalog, input.context, {
    limits: input.runtime.engine.limits,
    now: input.runtime.clock.now(),
  })
  return definition
}

/** `If-Match: "<id>.<revision>"` → the revision; `*` or no header → undefined. */
function expectedRevision(request: Request, id: string): number | undefined {
  const header = request.headers.get('if-match')
  if (header === null || header.trim() === '*') return undefined
  const match = /^(?:W\/)?"([A-Za-z0-9_-]{1,128})\.(\d{1,9})"$/.exec(header.trim())
  if (!match || match[1] !== id)
    throw invalidRequest(`If-Match must be the report's ETag, e.g. "${id}.3".`)
  return Number(match[2])
}

function conflict(report: StoredReport, expected: number): ReportwrightError {
  return new ReportwrightError({
    code: 'INVALID_DEFINITION',
    message: `Report "${report.id}" was changed by someone else (it is at revision ${report.revision}, you edited revision ${expected}). Reload it and apply your changes again.`,
    details: {
      reason: HTTP_REASONS.CONFLICT,
      conflict: true,
      currentRevision: report.revision,
      expectedRevision: expected,
    },
  })
}

async function searchReports(
  input: RouteInput,
  query: { limit: number; cursor?: string | undefined; search: string },
): Promise<ApiReportPage> {
  const needle = query.search.toLocaleLowerCase()
  const found: StoredReport[] = []
  let cursor = query.cursor
  let scanned = 0
  // Asking storage for only as many as are still missing keeps the cursor exact.
  while (found.length < query.limit && scanned < SEARCH_SCAN_BUDGET) {
    const page = await input.runtime.engine.storage.reports.list(input.context, {
      limit: query.limit - found.length,
      ...(cursor !== undefined ? { cursor } : {}),
    })
    scanned += page.items.length
    for (const report of page.items) {
      const text = `${report.definition.name}\n${report.definition.description ?? ''}`
      if (text.toLocaleLowerCase().includes(needle)) found.push(report)
    }
    cursor = page.nextCursor
    if (cursor === undefined) break
  }
  return {
    items: found.map(toApiReport),
    ...(cursor !== undefined ? { nextCursor: cursor } : {}),
  }
}

/** Saved reports: CRUD, execute and their runs. */
export const reportRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/reports',
    handle: async (input) => {
      const query = parseWith(ReportListQuerySchema, queryObject(input.url), 'query')
      if (query.search !== undefined)
        return jsonResponse(await searchReports(input, { ...query, search: query.search }))
      const page = await input.runtime.engine.storage.reports.list(input.context, {
        limit: query.limit,
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      })
      const body: ApiReportPage = {
        items: page.items.map(toApiReport),
        ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
      }
      return jsonResponse(body)
    },
  },
  {
    method: 'POST',
    path: '/reports',
    handle: async (input) => {
      assertCanCreate(input.role)
      const definition = await readDefinition(input)
      const report = await input.runtime.engine.storage.reports.create(input.context, definition)
      await input.audit({ action: 'report.create', reportId: report.id })
      return jsonResponse(toApiReport(report), {
        status: 201,
        headers: { etag: reportEtag(report) },
      })
    },
  },
  {
    method: 'GET',
    path: '/reports/:id',
    handle: async (input) => {
      const report = await readReport(input)
      return jsonResponse(toApiReport(report), { headers: { etag: reportEtag(report) } })
    },
  },
  {
    method: 'PUT',
    path: '/reports/:id',
    handle: async (input) => {
      const report = await readReport(input)
      assertCanChange(input.role, input.context, report, 'edit')
      const expected = expectedRevision(input.request, report.id)
      if (expected !== undefined && expected !== report.revision) throw conflict(report, expected)
      const definition = await readDefinition(input)
      // Storage checks the revision again, atomically, against a concurrent writer.
      const updated = await input.runtime.engine.storage.reports.update(
        input.context,
        report.id,
        definition,
        expected ?? report.revision,
      )
      await input.audit({ action: 'report.update', reportId: report.id })
      return jsonResponse(toApiReport(updated), { headers: { etag: reportEtag(updated) } })
    },
  },
  {
    method: 'DELETE',
    path: '/reports/:id',
    handle: async (input) => {
      const report = await readReport(input)
      assertCanChange(input.role, input.context, report, 'delete')
      await input.runtime.engine.storage.reports.delete(input.context, report.id)
      await input.audit({ action: 'report.delete', reportId: report.id })
      return new Response(null, { status: 204 })
    },
  },
  {
    method: 'POST',
    path: '/reports/:id/execute',
    handle: async (input) => {
      const report = await readReport(input)
      assertCanChange(input.role, input.context, report, 'run')
      const raw = await readJsonBody(input.request, input.runtime.maxBodyBytes)
      const body = parseWith(ExecuteBodySchema, raw, 'execute request')
      const definition = parseReportDefinition(report.definition)
      assertDefinitionAllowed(input.capabilities, definition)
      if (body.format) assertFormatAllowed(input.capabilities, body.format)
      const started = await startRunInBackground(input, { reportId: report.id, ...body })
      await input.audit({ action: 'report.execute', reportId: report.id, runId: started.runId })
      const response: ExecuteResponse = started
      return jsonResponse(response, { status: 202 })
    },
  },
  {
    method: 'GET',
    path: '/reports/:id/runs',
    handle: async (input) => {
      const report = await readReport(input)
      const query = parseWith(ListQuerySchema, queryObject(input.url), 'query')
      const page = await input.runtime.engine.storage.runs.listByReport(input.context, report.id, {
        limit: query.limit,
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      })
      const body: ApiRunPage = {
        items: page.items.map(toApiRun),
        ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
      }
      return jsonResponse(body)
    },
  },
]
