import * as z from 'zod'
import { unauthenticatedError } from '../auth/unauthenticated-error'
import type { RequestContext } from '../context/request-context'
import type { ReportEngine } from '../engine/create-report-engine'
import { ReportwrightError } from '../errors/reportwright-error'
import { silentLogger } from '../ports/logger'
import type { Logger } from '../ports/logger'
import { ReportCapabilitiesSchema } from './api-schemas'
import type { ReportCapabilities, ReportRole } from './api-schemas'
import { memoryAuditSink } from './audit-sink'
import type { AuditSink } from './audit-sink'
import { catalogRoutes } from './catalog-routes'
import { HTTP_REASONS, invalidRequest, toPublicError } from './http-errors'
import { errorResponse } from './http-response'
import { memoryRateLimiter } from './rate-limiter'
import type { RateLimiter } from './rate-limiter'
import { resolveCapabilities } from './report-capabilities'
import { reportRoutes } from './report-routes'
import { effectiveRole } from './report-roles'
import type { HandlerRuntime, NextRunsFunction, Route, RouteInput } from './route-types'
import { runRoutes } from './run-routes'

/** What `getContext` returns: the request context, plus what the host lets this user do. */
export type HandlerContext = RequestContext & { readonly capabilities?: ReportCapabilities }

/** Cross-origin settings for a wizard served from another origin. */
export interface ReportHandlerCors {
  /** Allowed origins: a list, or a function that decides. */
  readonly origin: readonly string[] | ((origin: string) => boolean)
  /** Sends `Access-Control-Allow-Credentials: true` (cookies). Defaults to `false`. */
  readonly credentials?: boolean
  /** Seconds a browser may cache a preflight answer. Defaults to 600. */
  readonly maxAgeSeconds?: number
}

/** Size limits of the handler. */
export interface ReportHandlerLimits {
  /** Largest request body, in bytes; larger is a 413. Defaults to 1 MiB. */
  readonly maxBodyBytes?: number
}

/** Options of {@link createReportHandler}. */
export interface ReportHandlerOptions {
  /**
   * The host's authentication: reads its session or an embed token ({@link verifyEmbedToken})
   * and returns who asks, or `undefined` (a 401).
   */
  getContext(
    request: Request,
  ): HandlerContext | undefined | null | Promise<HandlerContext | undefined | null>
  /** Path prefix the handler is mounted under, e.g. `/api/reports`. Defaults to `''`. */
  readonly basePath?: string
  /** Cross-origin access. Defaults to none (same origin only). */
  readonly cors?: ReportHandlerCors
  readonly limits?: ReportHandlerLimits
  /** Per-user and per-tenant limiter; `false` turns limiting off. Defaults to `memoryRateLimiter()`. */
  readonly rateLimiter?: RateLimiter | false
  /** Where create, update, delete, execute and download are recorded. Defaults to `memoryAuditSink()`. */
  readonly audit?: AuditSink
  /** Next occurrences for `POST /schedule/preview` (`nextRuns` of `@reportwright/scheduler`). Defaults to none (404). */
  readonly nextRuns?: NextRunsFunction
  /**
   * Role of a context holding none of owner, admin, manager, user, readonly. Defaults to `'user'`,
   * as storage treats such a context (an author of their own reports).
   */
  readonly defaultRole?: ReportRole
  /** Receives failures the client never sees in full. Defaults to `silentLogger`. */
  readonly logger?: Logger
  /** Source of "now" for previews. Defaults to the system clock. */
  readonly clock?: { now(): Date }
}

/** A fetch-standard handler: `(Request) => Promise<Response>`. */
export interface ReportHandler {
  (request: Request): Promise<Response>
  /** Resolves once every run this handler started in the background has finished. */
  drain(): Promise<void>
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/
const EXPOSED_HEADERS = 'ETag, X-Request-Id, Content-Disposition, Retry-After'
const ALLOWED_HEADERS = 'Authorization, Content-Type, If-Match, X-Request-Id'

const HandlerContextSchema = z.object({
  userId: z.string().min(1).max(200),
  tenantId: z.string().min(1).max(200).optional(),
  roles: z.array(z.string().max(64)).max(100),
  locale: z.string().min(1).max(35).optional(),
  timezone: z.string().min(1).max(64).optional(),
  capabilities: ReportCapabilitiesSchema.optional(),
})

interface CompiledRoute {
  readonly route: Route
  readonly segments: readonly string[]
}

const ROUTES: readonly CompiledRoute[] = [...catalogRoutes, ...reportRoutes, ...runRoutes].map(
  (route) => ({ route, segments: route.path.split('/').filter(Boolean) }),
)

/**
 * Creates the HTTP API the React wizard talks to: a fetch-standard `(Request) => Promise<Response>`
 * for Express (through {@link toNodeListener}), Next.js route handlers, Hono, Fastify or Deno.
 * It validates every input, applies roles, capabilities and rate limits, writes audit entries,
 * and otherwise hands each request to the engine and its storage.
 *
 * @example
 * ```ts
 * const handler = createReportHandler(engine, {
 *   basePath: '/api/reports',
 *   getContext: (request) => verifyEmbedToken(bearer(request), { key, algorithms: ['EdDSA'], issuer, audience }),
 * })
 * http.createServer(toNodeListener(handler)).listen(3000)
 * ```
 */
export function createReportHandler(
  engine: ReportEngine,
  options: ReportHandlerOptions,
): ReportHandler {
  const basePath = (options.basePath ?? '').replace(/\/+$/, '')
  const rateLimiter =
    options.rateLimiter === false ? undefined : (options.rateLimiter ?? memoryRateLimiter())
  const runtime: HandlerRuntime = {
    engine,
    maxBodyBytes: options.limits?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    audit: options.audit ?? memoryAuditSink(),
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? { now: () => new Date() },
    nextRuns: options.nextRuns,
    background: new Set(),
  }

  const handle = async (request: Request, requestId: string): Promise<Response> => {
    const url = new URL(request.url)
    const matched = matchRoute(request.method, stripBase(url.pathname, basePath))
    if (!matched)
      throw new ReportwrightError({ code: 'NOT_FOUND', message: `No route ${url.pathname}.` })
    if ('allowed' in matched)
      return new Response(null, { status: 405, headers: { allow: matched.allowed.join(', ') } })

    const host = await authenticate(request, options)
    const { capabilities: hostCapabilities, ...context } = host
    if (rateLimiter) {
      const decision = await rateLimiter.consume(context)
      if (!decision.allowed)
        throw new ReportwrightError({
          code: 'LIMIT_EXCEEDED',
          message: 'Too many requests: wait a moment and try again.',
          details: {
            reason: HTTP_REASONS.RATE_LIMITED,
            retryAfterSeconds: decision.retryAfterSeconds ?? 1,
          },
        })
    }
    const role = effectiveRole(context, options.defaultRole ?? 'user')
    const input: RouteInput = {
      request,
      url,
      params: matched.params,
      context,
      role,
      capabilities: resolveCapabilities(hostCapabilities, {
        role,
        context,
        catalog: engine.catalog,
        formats: engine.formats,
        schedulePreview: runtime.nextRuns !== undefined,
      }),
      requestId,
      runtime,
      audit: async (entry) => {
        try {
          await runtime.audit.write({
            ...entry,
            userId: context.userId,
            ...(context.tenantId !== undefined ? { tenantId: context.tenantId } : {}),
            at: runtime.clock.now(),
            requestId,
          })
        } catch (error) {
          runtime.logger.error({ requestId, error: String(error) }, 'audit sink failed')
        }
      },
    }
    return matched.route.handle(input)
  }

  const handler = async (request: Request): Promise<Response> => {
    const offered = request.headers.get('x-request-id')
    const requestId = offered && REQUEST_ID.test(offered) ? offered : crypto.randomUUID()
    const cors = corsHeaders(request, options.cors)
    let response: Response
    if (request.method === 'OPTIONS' && options.cors) {
      response = new Response(null, { status: cors ? 204 : 403 })
      if (cors) {
        response.headers.set('access-control-allow-methods', 'GET, POST, PUT, DELETE')
        response.headers.set('access-control-allow-headers', ALLOWED_HEADERS)
        response.headers.set('access-control-max-age', String(options.cors.maxAgeSeconds ?? 600))
      }
    } else {
      try {
        response = await handle(request, requestId)
      } catch (error) {
        const shown = toPublicError(error, requestId)
        response = errorResponse(shown)
        if (response.status >= 500)
          runtime.logger.error({ requestId, error: describe(error) }, 'request failed')
      }
    }
    response.headers.set('x-request-id', requestId)
    response.headers.set('x-content-type-options', 'nosniff')
    if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store')
    if (options.cors) response.headers.append('vary', 'Origin')
    if (cors) for (const [name, value] of Object.entries(cors)) response.headers.set(name, value)
    return response
  }

  return Object.assign(handler, {
    async drain() {
      while (runtime.background.size > 0) await Promise.all([...runtime.background])
    },
  })
}

async function authenticate(
  request: Request,
  options: ReportHandlerOptions,
): Promise<HandlerContext> {
  const host = await options.getContext(request)
  if (host === undefined || host === null)
    throw unauthenticatedError('Sign in first: this request carries no valid credentials.')
  const parsed = HandlerContextSchema.safeParse(host)
  if (!parsed.success)
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: 'getContext returned an invalid context (userId, roles, tenantId).',
      details: { reason: HTTP_REASONS.INTERNAL },
    })
  return parsed.data
}

function stripBase(pathname: string, basePath: string): string | undefined {
  if (basePath === '') return pathname
  if (pathname === basePath) return '/'
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined
}

type RouteMatch =
  | { readonly route: Route; readonly params: Record<string, string> }
  | { readonly allowed: readonly string[] }

function matchRoute(method: string, pathname: string | undefined): RouteMatch | undefined {
  if (pathname === undefined) return undefined
  const segments = pathname.split('/').filter(Boolean)
  const allowed: string[] = []
  for (const { route, segments: pattern } of ROUTES) {
    if (pattern.length !== segments.length) continue
    const params: Record<string, string> = Object.create(null) as Record<string, string>
    let ok = true
    for (let index = 0; index < pattern.length && ok; index++) {
      const expected = pattern[index] ?? ''
      const actual = segments[index] ?? ''
      if (expected.startsWith(':')) params[expected.slice(1)] = decodeSegment(actual)
      else ok = expected === actual
    }
    if (!ok) continue
    if (route.method === method) return { route, params }
    allowed.push(route.method)
  }
  return allowed.length > 0 ? { allowed } : undefined
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw invalidRequest('The path holds a malformed %-escape.')
  }
}

function corsHeaders(
  request: Request,
  cors: ReportHandlerCors | undefined,
): Record<string, string> | undefined {
  const origin = request.headers.get('origin')
  if (!cors || !origin) return undefined
  const allowed =
    typeof cors.origin === 'function' ? cors.origin(origin) : cors.origin.includes(origin)
  if (!allowed) return undefined
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': EXPOSED_HEADERS,
    ...(cors.credentials ? { 'access-control-allow-credentials': 'true' } : {}),
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
