import type { DeliveryAdapter } from '@reportwright/core'
import { adapterError } from '../_shared/adapter-error'
import { readAttachment } from '../_shared/http-send'
import { importLib } from '../_shared/import-lib'
import type { AdapterDependency, LibImport } from '../_shared/import-lib'
import { headerSafe, isValidEmail, partitionRecipients } from '../_shared/recipients'
import { AttemptError, throwIfAborted, withRetry } from '../_shared/retry'
import type { RetryOptions } from '../_shared/retry'

/** `sesDelivery` loads @aws-sdk/client-sesv2 lazily (an optional peer). */
export const ADAPTER_DEPENDENCIES: Readonly<Record<'lib', AdapterDependency>> = {
  lib: { name: '@aws-sdk/client-sesv2', version: '^3.600.0' },
}

/** A SESv2 client (`new SESv2Client(...)` fits). Give it `maxAttempts: 1`: the adapter retries. */
export interface SesClientLike {
  send(command: unknown, options?: { readonly abortSignal?: AbortSignal }): Promise<unknown>
}

/** The part of @aws-sdk/client-sesv2 the adapter uses. */
export interface SesLibLike {
  readonly SendEmailCommand: new (input: Record<string, unknown>) => unknown
}

/** Options of {@link sesDelivery}. */
export interface SesDeliveryOptions {
  readonly client: SesClientLike
  /** A verified identity: `'reports@example.com'` or `{ email, name }`. */
  readonly from: string | { readonly email: string; readonly name?: string }
  /** SES configuration set for events. Defaults to none. */
  readonly configurationSetName?: string
  /** SES allows 40 MB per message, base64 included. Defaults to 25 MiB. */
  readonly maxAttachmentBytes?: number
  readonly retry?: RetryOptions
  /** @aws-sdk/client-sesv2 itself, instead of `import()`. */
  readonly lib?: LibImport<SesLibLike>
}

const TRANSIENT_NAMES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'LimitExceededException',
  'InternalFailure',
  'ServiceUnavailable',
  'TimeoutError',
])

/**
 * Delivers through Amazon SES (v2 `SendEmail`, simple content with attachments). Throttling, 5xx
 * and network failures are retried with backoff and jitter; a rejected message fails with SES's
 * reason.
 */
export function sesDelivery(options: SesDeliveryOptions): DeliveryAdapter {
  const from = typeof options.from === 'string' ? { email: options.from } : options.from
  if (!isValidEmail(from.email)) {
    throw adapterError(
      'ses',
      'INVALID_DEFINITION',
      `The sender ${JSON.stringify(from.email)} is not a valid email address.`,
    )
  }
  const fromHeader = from.name
    ? `"${headerSafe(from.name).replace(/["\\]/g, '')}" <${from.email}>`
    : from.email
  const lib = () =>
    importLib<SesLibLike>('ses', ADAPTER_DEPENDENCIES.lib, {
      ...(options.lib !== undefined ? { lib: options.lib } : {}),
      load: () => import('@aws-sdk/client-sesv2'),
    })
  return {
    name: 'ses',
    maxAttachmentBytes: options.maxAttachmentBytes ?? 25 * 1024 * 1024,
    async send(message, sendOptions = {}) {
      const { signal } = sendOptions
      throwIfAborted(signal)
      const { valid, rejected } = partitionRecipients(message.to)
      if (valid.length === 0) return { accepted: [], rejected }
      const { SendEmailCommand } = await lib()
      const attachments = await Promise.all(
        (message.attachments ?? []).map(async (attachment) => ({
          RawContent: new Uint8Array(await readAttachment(attachment.open)),
          FileName: headerSafe(attachment.filename),
          ContentType: headerSafe(attachment.contentType),
          ContentDisposition: 'ATTACHMENT',
        })),
      )
      const command = new SendEmailCommand({
        FromEmailAddress: fromHeader,
        Destination: { ToAddresses: valid.map((r) => r.email) },
        Content: {
          Simple: {
            Subject: { Data: headerSafe(message.subject), Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              ...(message.html !== undefined
                ? { Html: { Data: message.html, Charset: 'UTF-8' } }
                : {}),
            },
            ...(attachments.length > 0 ? { Attachments: attachments } : {}),
          },
        },
        EmailTags: [{ Name: 'idempotency_key', Value: tagValue(message.idempotencyKey) }],
        ...(options.configurationSetName
          ? { ConfigurationSetName: options.configurationSetName }
          : {}),
      })
      await withRetry(
        async () => {
          try {
            return await options.client.send(command, signal ? { abortSignal: signal } : {})
          } catch (error) {
            if (signal?.aborted) throw error
            const {
              name,
              message: text,
              $metadata,
            } = error as {
              name?: string
              message?: string
              $metadata?: { httpStatusCode?: number }
            }
            const status = $metadata?.httpStatusCode
            const transient =
              TRANSIENT_NAMES.has(name ?? '') ||
              status === undefined ||
              status === 429 ||
              status >= 500
            throw new AttemptError(
              `${name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${text ?? ''}`,
              {
                transient,
                cause: error,
              },
            )
          }
        },
        { ...options.retry, adapter: 'ses', ...(signal ? { signal } : {}) },
      )
      return { accepted: valid.map((r) => r.email), rejected }
    },
  }
}

// SES tag values allow letters, digits, `_` and `-` only.
function tagValue(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256)
}
