import { createHmac, timingSafeEqual } from 'node:crypto'
import type { DeliveryAdapter } from '@reportwright/core'
import { adapterError } from '../_shared/adapter-error'
import { postOnce, readAttachment } from '../_shared/http-send'
import type { FetchLike } from '../_shared/http-send'
import { headerSafe, partitionRecipients } from '../_shared/recipients'
import { throwIfAborted, withRetry } from '../_shared/retry'
import type { RetryOptions } from '../_shared/retry'

/** `webhookDelivery` needs only Node's own `fetch` and `crypto`. */
export const ADAPTER_DEPENDENCIES: Readonly<Record<string, never>> = {}

/** Header with the Unix time (seconds) the request was signed at. */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-reportwright-timestamp'
/** Header with `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-reportwright-signature'
/** Header with the message's idempotency key (the same for a retried send). */
export const WEBHOOK_IDEMPOTENCY_HEADER = 'idempotency-key'

/** The JSON body a webhook receives. */
export interface WebhookPayload {
  readonly type: 'report.delivery'
  readonly idempotencyKey: string
  readonly to: readonly { readonly email: string; readonly name?: string }[]
  readonly subject: string
  readonly text: string
  readonly html?: string
  readonly attachments: readonly {
    readonly filename: string
    readonly contentType: string
    readonly size: number
    readonly contentBase64: string
  }[]
}

/** Options of {@link webhookDelivery}. */
export interface WebhookDeliveryOptions {
  /** An `https:` (or, for local receivers, `http:`) URL. */
  readonly url: string
  /** The shared secret the receiver verifies with {@link verifyWebhookSignature}. */
  readonly secret: string
  /** Per-request timeout. Defaults to `15_000` ms. */
  readonly timeoutMs?: number
  /** Attachments travel inline as base64; above this the engine sends a link. Defaults to 5 MiB. */
  readonly maxAttachmentBytes?: number
  readonly retry?: RetryOptions
  /** Defaults to the global `fetch`. */
  readonly fetch?: FetchLike
  /** Source of the signing time. Defaults to the system clock. */
  readonly clock?: { now(): Date }
}

/**
 * Delivers as a JSON POST signed with HMAC-SHA256 over `"<timestamp>.<body>"`, so a receiver can
 * refuse forgeries and replays ({@link verifyWebhookSignature}). 429, 5xx, timeouts and resets
 * are retried with backoff and jitter (the same idempotency key each time); other statuses fail.
 */
export function webhookDelivery(options: WebhookDeliveryOptions): DeliveryAdapter {
  let url: URL
  try {
    url = new URL(options.url)
  } catch {
    throw adapterError('webhook', 'INVALID_DEFINITION', 'The webhook `url` is not a valid URL.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw adapterError('webhook', 'INVALID_DEFINITION', 'The webhook `url` must be http(s).')
  }
  if (options.secret.length < 16) {
    throw adapterError(
      'webhook',
      'INVALID_DEFINITION',
      'The webhook `secret` must be at least 16 characters.',
    )
  }
  const fetchImpl = options.fetch ?? (globalThis.fetch as unknown as FetchLike)
  const now = () => (options.clock ? options.clock.now() : new Date())

  return {
    name: 'webhook',
    maxAttachmentBytes: options.maxAttachmentBytes ?? 5 * 1024 * 1024,
    async send(message, sendOptions = {}) {
      const { signal } = sendOptions
      throwIfAborted(signal)
      const { valid, rejected } = partitionRecipients(message.to)
      if (valid.length === 0) return { accepted: [], rejected }
      const attachments = await Promise.all(
        (message.attachments ?? []).map(async (attachment) => {
          const content = await readAttachment(attachment.open)
          return {
            filename: headerSafe(attachment.filename),
            contentType: headerSafe(attachment.contentType),
            size: content.length,
            contentBase64: content.toString('base64'),
          }
        }),
      )
      const payload: WebhookPayload = {
        type: 'report.delivery',
        idempotencyKey: message.idempotencyKey,
        to: valid,
        subject: headerSafe(message.subject),
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
        attachments,
      }
      const body = JSON.stringify(payload)
      await withRetry(
        async () => {
          const timestamp = Math.floor(now().getTime() / 1000)
          return postOnce(fetchImpl, {
            url: url.toString(),
            headers: {
              'content-type': 'application/json',
              [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
              [WEBHOOK_SIGNATURE_HEADER]: signWebhook(options.secret, timestamp, body),
              [WEBHOOK_IDEMPOTENCY_HEADER]: headerSafe(message.idempotencyKey),
            },
            body,
            timeoutMs: options.timeoutMs ?? 15_000,
            ...(signal ? { signal } : {}),
          })
        },
        { ...options.retry, adapter: 'webhook', ...(signal ? { signal } : {}) },
      )
      return { accepted: valid.map((r) => r.email), rejected }
    },
  }
}

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/** Options of {@link verifyWebhookSignature}. */
export interface VerifyWebhookSignatureOptions {
  readonly secret: string
  /** The raw request body, exactly as received. */
  readonly body: string
  readonly timestamp: string | undefined
  readonly signature: string | undefined
  /** How old a request may be. Defaults to `300` s. */
  readonly toleranceSeconds?: number
  /** Defaults to the system clock. */
  readonly now?: Date
}

/**
 * For receivers: true when the signature matches and the timestamp is within the tolerance
 * (a replayed request older than that is refused). Compares in constant time.
 */
export function verifyWebhookSignature(options: VerifyWebhookSignatureOptions): boolean {
  const { timestamp, signature } = options
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false
  const age = Math.abs((options.now ?? new Date()).getTime() / 1000 - Number(timestamp))
  if (age > (options.toleranceSeconds ?? 300)) return false
  const expected = Buffer.from(signWebhook(options.secret, Number(timestamp), options.body))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}
