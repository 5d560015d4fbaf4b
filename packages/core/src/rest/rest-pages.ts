import { restError } from './rest-errors'
import { describeUrl, getJson, isWithinBase } from './rest-http'
import type { RestHttpConfig, RestRequestOptions } from './rest-http'

/**
 * How an endpoint pages its records. Every style stops at `maxPages`; `page` and `offset` stop
 * at the first page shorter than `size`, so `size` must not exceed the API's largest page.
 *
 * - `page`: `?page=1&per_page=100`, `page=2`…
 * - `offset`: `?offset=0&limit=100`, `offset=100`…
 * - `cursor`: the next cursor is read from the body at `cursorPath` and sent as `cursorParam`;
 *   the last page has none (`null`, missing or empty).
 * - `link`: the next page is the `Link: <…>; rel="next"` header (RFC 8288), which must stay
 *   under the base URL.
 * - `none`: one request.
 */
export type RestPagination =
  | { readonly style: 'none' }
  | {
      readonly style: 'page'
      /** Defaults to `page`. */
      readonly pageParam?: string
      /** Defaults to `per_page`. */
      readonly sizeParam?: string
      /** Records per page. Defaults to 100. */
      readonly size?: number
      /** Number of the first page. Defaults to 1. */
      readonly firstPage?: number
    }
  | {
      readonly style: 'offset'
      /** Defaults to `offset`. */
      readonly offsetParam?: string
      /** Defaults to `limit`. */
      readonly limitParam?: string
      /** Records per page. Defaults to 100. */
      readonly size?: number
    }
  | {
      readonly style: 'cursor'
      /** Dot path of the next cursor in the body, e.g. `meta.next_cursor`. */
      readonly cursorPath: string
      /** Defaults to `cursor`. */
      readonly cursorParam?: string
      /** Query parameter for the page size, sent with every request; not sent when absent. */
      readonly sizeParam?: string
      /** Records per page, sent as `sizeParam`. Defaults to 100. */
      readonly size?: number
    }
  | {
      readonly style: 'link'
      /** Query parameter for the page size on the first request; not sent when absent. */
      readonly sizeParam?: string
      /** Defaults to 100. */
      readonly size?: number
    }

/** Where an endpoint expects the tenant id: a query parameter or a request header. */
export type RestTenantParam = { readonly query: string } | { readonly header: string }

/** One JSON endpoint; a dataset's `table` names it in the source's `endpoints`. */
export interface RestEndpoint {
  /** Path under the base URL, e.g. `/v1/orders`. */
  readonly path: string
  /** Dot path of the record array in each page, e.g. `data.items`. Defaults to the body itself. */
  readonly records?: string
  /** Fixed query parameters sent with every request. */
  readonly query?: Readonly<Record<string, string>>
  /** Defaults to the source's `pagination`. */
  readonly pagination?: RestPagination
  /** Required for endpoints of tenant-scoped datasets: how the tenant id is sent. */
  readonly tenant?: RestTenantParam
}

/** A record: one JSON object. */
export type RestRecord = Readonly<Record<string, unknown>>

/** What paging one endpoint needs. */
export interface FetchPagesInput {
  readonly http: RestHttpConfig
  readonly endpoint: RestEndpoint
  readonly table: string
  readonly pagination: RestPagination
  readonly maxPages: number
  /** Sent as the endpoint's tenant parameter when set. */
  readonly tenantId?: string | undefined
  readonly request: RestRequestOptions
}

/** Reads a dot path (`data.items`); an empty path is the value itself. */
export function readPath(value: unknown, path: string | undefined): unknown {
  if (path === undefined || path === '') return value
  let current = value
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined
    if (!Object.hasOwn(current, key)) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

/** The URL of an endpoint: its path resolved under the base URL (which ends with `/`). */
export function endpointUrl(base: URL, endpoint: RestEndpoint): URL {
  const url = new URL(endpoint.path.replace(/^\/+/, ''), base)
  for (const [key, value] of Object.entries(endpoint.query ?? {})) url.searchParams.set(key, value)
  return url
}

/** The `rel="next"` target of a `Link` header, resolved against the page's URL. */
export function nextLink(header: string | null, pageUrl: URL): URL | undefined {
  if (!header) return undefined
  for (const match of header.matchAll(/<([^>]*)>([^,]*(?:,(?!\s*<)[^,]*)*)/g)) {
    const params = match[2] ?? ''
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s,]+))/i.exec(params)
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/)
    if (rels.includes('next')) return new URL(match[1] as string, pageUrl)
  }
  return undefined
}

/** Streams the record arrays of an endpoint, page by page. */
export async function* fetchPages(request: FetchPagesInput): AsyncGenerator<readonly RestRecord[]> {
  const { http, endpoint, pagination, maxPages, tenantId } = request
  const headers: Record<string, string> = {}
  const first = endpointUrl(http.baseUrl, endpoint)
  if (tenantId !== undefined && endpoint.tenant) {
    if ('query' in endpoint.tenant) first.searchParams.set(endpoint.tenant.query, tenantId)
    else headers[endpoint.tenant.header] = tenantId
  }
  const options: RestRequestOptions = { ...request.request, headers }
  const seenCursors = new Set<string>()
  let url: URL | undefined = first
  let index = 0
  while (url) {
    if (index >= maxPages)
      throw restError({
        reason: 'too_many_pages',
        message: `${describeUrl(first)} has more than maxPages (${maxPages}) pages; filter on the API side or raise maxPages.`,
        details: { limit: 'maxPages', maxPages },
      })
    const pageUrl = new URL(url)
    const size = 'size' in pagination ? (pagination.size ?? 100) : 0
    switch (pagination.style) {
      case 'page':
        pageUrl.searchParams.set(
          pagination.pageParam ?? 'page',
          String((pagination.firstPage ?? 1) + index),
        )
        pageUrl.searchParams.set(pagination.sizeParam ?? 'per_page', String(size))
        break
      case 'offset':
        pageUrl.searchParams.set(pagination.offsetParam ?? 'offset', String(index * size))
        pageUrl.searchParams.set(pagination.limitParam ?? 'limit', String(size))
        break
      case 'cursor':
        if (pagination.sizeParam) pageUrl.searchParams.set(pagination.sizeParam, String(size))
        break
      case 'link':
        // Later pages follow the link as given.
        if (index === 0 && pagination.sizeParam)
          pageUrl.searchParams.set(pagination.sizeParam, String(size))
        break
      case 'none':
        break
    }
    const response = await getJson(http, pageUrl, options)
    const records = recordsOf(response.body, endpoint, pageUrl)
    index++
    yield records
    url = undefined
    switch (pagination.style) {
      case 'page':
      case 'offset':
        if (records.length >= size && records.length > 0) url = first
        break
      case 'cursor': {
        const cursor = readPath(response.body, pagination.cursorPath)
        if (cursor === undefined || cursor === null || cursor === '') break
        if (typeof cursor !== 'string' && typeof cursor !== 'number')
          throw restError({
            reason: 'bad_shape',
            message: `${describeUrl(pageUrl)} has a cursor at "${pagination.cursorPath}" that is neither text nor a number.`,
          })
        const text = String(cursor)
        if (seenCursors.has(text))
          throw restError({
            reason: 'too_many_pages',
            message: `${describeUrl(pageUrl)} returned a cursor it returned before; the pages would never end.`,
          })
        seenCursors.add(text)
        url = new URL(first)
        url.searchParams.set(pagination.cursorParam ?? 'cursor', text)
        break
      }
      case 'link': {
        const next = nextLink(response.headers.get('link'), response.url)
        if (!next) break
        if (!isWithinBase(next, http.baseUrl))
          throw restError({
            reason: 'redirect_refused',
            message: `${describeUrl(pageUrl)} links its next page outside the declared base URL; only pages under ${describeUrl(http.baseUrl)} are read.`,
          })
        // The tenant parameter must survive on every page, whatever the link says.
        if (tenantId !== undefined && endpoint.tenant && 'query' in endpoint.tenant)
          next.searchParams.set(endpoint.tenant.query, tenantId)
        url = next
        break
      }
      case 'none':
        break
    }
  }
}

function recordsOf(body: unknown, endpoint: RestEndpoint, url: URL): readonly RestRecord[] {
  const records = readPath(body, endpoint.records)
  if (!Array.isArray(records))
    throw restError({
      reason: 'bad_shape',
      message: `${describeUrl(url)} has no array of records at "${endpoint.records ?? ''}"; check the endpoint's records path.`,
    })
  for (const record of records)
    if (record === null || typeof record !== 'object' || Array.isArray(record))
      throw restError({
        reason: 'bad_shape',
        message: `${describeUrl(url)} has a record that is not a JSON object at "${endpoint.records ?? ''}".`,
      })
  return records as readonly RestRecord[]
}
