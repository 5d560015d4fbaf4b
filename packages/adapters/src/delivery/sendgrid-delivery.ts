import type { DeliveryAdapter } from '@reportwright/core'
import { adapterError } from '../_shared/adapter-error'
import { postOnce, readAttachment } from '../_shared/http-send'
import type { FetchLike } from '../_shared/http-send'
import { headerSafe, isValidEmail, partitionRecipients } from '../_shared/recipients'
import { throwIfAborted, withRetry } from '../_shared/retry'
import type { RetryOptions } from '../_shared/retry'

/** `sendgridDelivery` calls the SendGrid v3 HTTP API with `fetch`: no SDK needed. */
export const ADAPTER_DEPENDENCIES: Readonly<Record<string, never>> = {}

/** Options of {@link sendgridDelivery}. */
export interface SendgridDeliveryOptions {
  readonly apiKey: string
  /** The verified sender: `'reports@example.com'` or `{ email, name }`. */
  readonly from: string | { readonly email: string; readonly name?: string }
  /** API origin. Defaults to `https://api.sendgrid.com` (EU accounts: `https://api.eu.sendgrid.com`). */
  readonly baseUrl?: string
  /** Per-request timeout. Defaults to `30_000` ms. */
  readonly timeoutMs?: number
  /** SendGrid's limit for a whole message is 30 MB; attachments grow by a third in base64. Defaults to 20 MiB. */
  readonly maxAttachmentBytes?: number
  readonly retry?: RetryOptions
  /** Defaults to the global `fetch`. */
  readonly fetch?: FetchLike
}

/**
 * Delivers through SendGrid's v3 `mail/send` API. 429, 5xx, timeouts and resets are retried with
 * backoff and jitter; other errors fail with the API's reason. The idempotency key travels as a
 * custom argument so the event webhook can match it.
 */
export function sendgridDelivery(options: SendgridDeliveryOptions): DeliveryAdapter {
  const from = typeof options.from === 'string' ? { email: options.from } : options.from
  if (!isValidEmail(from.email)) {
    throw adapterError(
      'sendgrid',
      'INVALID_DEFINITION',
      `The sender ${JSON.stringify(from.email)} is not a valid email address.`,
    )
  }
  const endpoint = new URL(
    '/v3/mail/send',
    options.baseUrl ?? 'https://api.sendgrid.com',
  ).toString()
  const fetchImpl = options.fetch ?? (globalThis.fetch as unknown as FetchLike)
  return {
    name: 'sendgrid',
    maxAttachmentBytes: options.maxAttachmentBytes ?? 20 * 1024 * 1024,
    async send(message, sendOptions = {}) {
      const { signal } = sendOptions
      throwIfAborted(signal)
      const { valid, rejected } = partitionRecipients(message.to)
      if (valid.length === 0) return { accepted: [], rejected }
      const attachments = await Promise.all(
        (message.attachments ?? []).map(async (attachment) => ({
          content: (await readAttachment(attachment.open)).toString('base64'),
          filename: headerSafe(attachment.filename),
          type: headerSafe(attachment.contentType),
          disposition: 'attachment',
        })),
      )
      const body = JSON.stringify({
        personalizations: [{ to: valid }],
        from: from.name
          ? { email: from.email, name: headerSafe(from.name) }
          : { email: from.email },
        subject: headerSafe(message.subject),
        content: [
          { type: 'text/plain', value: message.text },
          ...(message.html !== undefined ? [{ type: 'text/html', value: message.html }] : []),
        ],
        ...(attachments.length > 0 ? { attachments } : {}),
        custom_args: { idempotency_key: message.idempotencyKey.slice(0, 200) },
      })
      await withRetry(
        () =>
          postOnce(fetchImpl, {
            url: endpoint,
            headers: {
              authorization: `Bearer ${options.apiKey}`,
              'content-type': 'application/json',
            },
            body,
            timeoutMs: options.timeoutMs ?? 30_000,
            ...(signal ? { signal } : {}),
          }),
        { ...options.retry, adapter: 'sendgrid', ...(signal ? { signal } : {}) },
      )
      return { accepted: valid.map((r) => r.email), rejected }
    },
  }
}
