import { AttemptError } from './retry'

/** The `fetch` the HTTP adapters call (the global one fits). */
export type FetchLike = (
  url: string,
  init: {
    readonly method: string
    readonly headers: Record<string, string>
    readonly body: string
    readonly signal?: AbortSignal
  },
) => Promise<{ readonly status: number; text(): Promise<string> }>

/**
 * One HTTP POST as a retry attempt: 2xx resolves with the body; 429, 5xx, timeouts and network
 * errors are transient; other statuses are permanent.
 */
export async function postOnce(
  fetchImpl: FetchLike,
  request: {
    readonly url: string
    readonly headers: Record<string, string>
    readonly body: string
    readonly timeoutMs: number
    readonly signal?: AbortSignal
  },
): Promise<{ readonly status: number; readonly body: string }> {
  const timeout = AbortSignal.timeout(request.timeoutMs)
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout
  let response: Awaited<ReturnType<FetchLike>>
  try {
    response = await fetchImpl(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal,
    })
  } catch (error) {
    if (request.signal?.aborted) throw error
    const reason = timeout.aborted ? `no answer within ${request.timeoutMs} ms` : describe(error)
    throw new AttemptError(reason, { transient: true, cause: error })
  }
  const text = await response.text().catch(() => '')
  if (response.status >= 200 && response.status < 300)
    return { status: response.status, body: text }
  const transient = response.status === 429 || response.status >= 500 || response.status === 408
  throw new AttemptError(`HTTP ${response.status}: ${text.slice(0, 300)}`, { transient })
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? error.message
}

/** Reads every attachment into base64 (HTTP APIs take the file inline). */
export async function readAttachment(open: () => Promise<NodeJS.ReadableStream>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of await open()) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk))
  }
  return Buffer.concat(chunks)
}
