import type { Readable } from 'node:stream'

/** One attachment; opened only when the adapter sends. */
export interface DeliveryAttachment {
  readonly filename: string
  readonly contentType: string
  readonly size: number
  open(): Promise<Readable>
}

/** An email (or webhook payload) about one run. */
export interface DeliveryMessage {
  readonly to: readonly { readonly email: string; readonly name?: string }[]
  readonly subject: string
  readonly text: string
  readonly html?: string
  readonly attachments?: readonly DeliveryAttachment[]
  /** The same key for a retried send of the same message. */
  readonly idempotencyKey: string
}

/** What an adapter reports per recipient. */
export interface DeliveryResult {
  readonly accepted: readonly string[]
  readonly rejected: readonly { readonly email: string; readonly reason: string }[]
}

/** Sends reports: SMTP, SendGrid, SES, webhook, or a host's own. */
export interface DeliveryAdapter {
  readonly name: string
  /** Above this size the engine sends a download link instead of the file. Defaults to no limit. */
  readonly maxAttachmentBytes?: number
  /** Retries transient failures itself; throws `DELIVERY_FAILED` when it gives up. */
  send(
    message: DeliveryMessage,
    options?: { readonly signal?: AbortSignal },
  ): Promise<DeliveryResult>
  verify?(): Promise<void>
  dispose?(): Promise<void>
}
