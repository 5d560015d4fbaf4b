import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'

/** A fetch-standard handler such as the one {@link createReportHandler} returns. */
export type FetchHandler = (request: Request) => Promise<Response>

/** Options of {@link toNodeListener}. */
export interface ToNodeListenerOptions {
  /** Origin used to build the request URL. Defaults to `http://localhost` (the Host header is not trusted). */
  readonly origin?: string
}

/** A node:http request as Express and Connect pass it (they may have read the body already). */
type NodeRequest = IncomingMessage & { readonly originalUrl?: string; readonly body?: unknown }

/**
 * Adapts a fetch-standard handler to `(req, res)` for node:http, Express and Connect. It keeps
 * the full path (Express's `originalUrl`), streams the request and response bodies, and aborts
 * `request.signal` when the client goes away.
 *
 * @example
 * ```ts
 * app.use('/api/reports', toNodeListener(createReportHandler(engine, { basePath: '/api/reports', getContext })))
 * ```
 */
export function toNodeListener(
  handler: FetchHandler,
  options: ToNodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const origin = options.origin ?? 'http://localhost'
  return async (req, res) => {
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    try {
      const response = await handler(toRequest(req as NodeRequest, origin, controller.signal))
      // A body left unread (a 413, an early error) cannot be skipped safely: close after answering.
      if (!req.complete) res.setHeader('connection', 'close')
      await writeResponse(response, res)
    } catch {
      // The handler answers its own errors; this is a broken socket or a bug in the host's stack.
      if (!res.headersSent) {
        res.statusCode = 500
        res.setHeader('content-type', 'application/json; charset=utf-8')
        res.end(JSON.stringify({ error: { code: 'RENDER_FAILED', message: 'Internal error.' } }))
      } else res.destroy()
    }
  }
}

function toRequest(req: NodeRequest, origin: string, signal: AbortSignal): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const url = new URL(req.originalUrl ?? req.url ?? '/', origin)
  const method = req.method ?? 'GET'
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal }
  if (method !== 'GET' && method !== 'HEAD') {
    if (req.body !== undefined && req.readableEnded) {
      // A body parser ran first: send on what it parsed.
      init.body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body)
      headers.delete('content-length')
    } else {
      init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>
      init.duplex = 'half'
    }
  }
  return new Request(url, init)
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status
  const cookies = response.headers.getSetCookie()
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value)
  })
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  if (!response.body) {
    res.end()
    return
  }
  const reader = response.body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (res.destroyed) {
        await reader.cancel()
        return
      }
      // Respect backpressure: wait for the socket to drain before reading more.
      if (!res.write(value))
        await new Promise<void>((resolve) => {
          res.once('drain', resolve)
          res.once('close', resolve)
        })
    }
    res.end()
  } catch (error) {
    await reader.cancel().catch(() => undefined)
    throw error
  }
}
