import type { Writable } from 'node:stream'
import { ReportwrightError } from '../errors/reportwright-error'

/**
 * Writes text or bytes to a renderer's `out`, honouring backpressure and cancellation: what every
 * renderer needs, so renderer authors (and the built-in JSON renderer) share one implementation.
 */
export interface OutputWriter {
  /** Queues text; flushes to `out` once about `chunkSize` characters are pending. */
  push(text: string): Promise<void>
  /** Writes bytes now (after pending text), waiting for `out` to drain when it asks to. */
  write(chunk: Buffer | string): Promise<void>
  /** Writes what is pending. */
  flush(): Promise<void>
  /** Flushes, ends `out` and waits for it to finish. */
  end(): Promise<void>
  /** Throws `CANCELLED` when the signal fired, `RENDER_FAILED` when `out` is gone. */
  check(): void
  /** Bytes handed to `out` so far. */
  bytes(): number
}

/** Creates an {@link OutputWriter}; one string per row would cost a stream hop per row. */
export function createOutputWriter(
  out: Writable,
  { signal, chunkSize = 64 * 1024 }: { signal?: AbortSignal; chunkSize?: number } = {},
): OutputWriter {
  let pending: string[] = []
  let pendingLength = 0
  let bytes = 0

  const check = (): void => throwIfStopped(out, signal)

  const write = async (chunk: Buffer | string): Promise<void> => {
    check()
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
    bytes += buffer.length
    if (!out.write(buffer)) await drained(out, signal)
  }

  const flush = async (): Promise<void> => {
    if (pendingLength === 0) return
    const text = pending.join('')
    pending = []
    pendingLength = 0
    await write(text)
  }

  return {
    async push(text) {
      pending.push(text)
      pendingLength += text.length
      if (pendingLength >= chunkSize) await flush()
    },
    async write(chunk) {
      await flush()
      await write(chunk)
    },
    flush,
    async end() {
      await flush()
      check()
      await new Promise<void>((resolve, reject) => {
        out.end((error?: Error | null) => (error ? reject(error) : resolve()))
      })
    },
    check,
    bytes: () => bytes,
  }
}

/** Throws `CANCELLED` when the signal fired, `RENDER_FAILED` when `out` was destroyed. */
export function throwIfStopped(out: Writable | undefined, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled()
  if (out?.destroyed) throw closedEarly()
}

/** Waits for 'drain', failing when the stream errors or closes first, or the signal aborts. */
export function drained(out: Writable, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      out.off('drain', onDrain)
      out.off('error', onError)
      out.off('close', onClose)
      signal?.removeEventListener('abort', onAbort)
    }
    const onDrain = (): void => {
      cleanup()
      resolve()
    }
    const onError = (error: Error): void => {
      cleanup()
      reject(ReportwrightError.fromUnknown(error, 'RENDER_FAILED'))
    }
    const onClose = (): void => {
      cleanup()
      reject(closedEarly())
    }
    const onAbort = (): void => {
      cleanup()
      reject(cancelled())
    }
    out.on('drain', onDrain)
    out.on('error', onError)
    out.on('close', onClose)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

function cancelled(): ReportwrightError {
  return new ReportwrightError({
    code: 'CANCELLED',
    message: 'The report was cancelled while rendering.',
  })
}

function closedEarly(): ReportwrightError {
  return new ReportwrightError({
    code: 'RENDER_FAILED',
    message: 'The output stream was closed before the report was written.',
  })
}
