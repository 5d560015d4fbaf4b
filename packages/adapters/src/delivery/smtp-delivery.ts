import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import { ReportwrightError } from '@reportwright/core'
import type { DeliveryAdapter, DeliveryResult } from '@reportwright/core'
import { adapterError } from '../_shared/adapter-error'
import { importLib } from '../_shared/import-lib'
import type { AdapterDependency, LibImport } from '../_shared/import-lib'
import { headerSafe, isValidEmail, partitionRecipients } from '../_shared/recipients'
import { backoffDelay, defaultSleep, throwIfAborted } from '../_shared/retry'
import type { RetryOptions } from '../_shared/retry'

/** `smtpDelivery` loads nodemailer lazily (an optional peer). */
export const ADAPTER_DEPENDENCIES: Readonly<Record<'lib', AdapterDependency>> = {
  lib: { name: 'nodemailer', version: '>=6.9.0' },
}

/** The nodemailer error fields the adapter reads. */
interface SmtpErrorLike {
  readonly message?: string
  readonly code?: string
  readonly responseCode?: number
  readonly response?: string
  readonly recipient?: string
  readonly rejectedErrors?: readonly SmtpErrorLike[]
}

/** What `sendMail` resolves with. */
export interface SmtpSentInfoLike {
  readonly accepted?: readonly (string | { readonly address: string })[]
  readonly rejected?: readonly (string | { readonly address: string })[]
  readonly rejectedErrors?: readonly SmtpErrorLike[]
}

/** The nodemailer transport the adapter uses. */
export interface SmtpTransportLike {
  sendMail(mail: Record<string, unknown>): Promise<SmtpSentInfoLike>
  verify(): Promise<unknown>
  close(): void
}

/** The nodemailer module, typed structurally (`import nodemailer from 'nodemailer'` fits). */
export interface NodemailerLike {
  createTransport(options: Record<string, unknown>): SmtpTransportLike
}

/** Options of {@link smtpDelivery}. */
export interface SmtpDeliveryOptions {
  readonly host: string
  /** Defaults to `587`, or `465` when `secure`. */
  readonly port?: number
  /** TLS from the first byte (port 465). Defaults to `false` (STARTTLS when offered). */
  readonly secure?: boolean
  readonly auth?: { readonly user: string; readonly pass: string }
  /** The sender: `'reports@example.com'` or `{ email, name }`. */
  readonly from: string | { readonly email: string; readonly name?: string }
  /** Reuse connections. Defaults to `true`. */
  readonly pool?: boolean
  /** Parallel connections of the pool. Defaults to `3`. */
  readonly maxConnections?: number
  /**
   * Extra nodemailer transport options (e.g. `tls`, `ignoreTLS`, `socketTimeout`). Timeouts default
   * to 30 s to connect and greet and 120 s of socket silence. File and URL access stay off.
   */
  readonly transport?: Readonly<Record<string, unknown>>
  /** Largest attachment; above it the engine sends a link. Defaults to 20 MiB. */
  readonly maxAttachmentBytes?: number
  /** How transient failures are retried. Defaults to 4 attempts from 500 ms. */
  readonly retry?: RetryOptions
  /** nodemailer itself, instead of `import('nodemailer')`. */
  readonly lib?: LibImport<NodemailerLike>
}

const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
  'EDNS',
  'EAI_AGAIN',
])

/**
 * Delivers over SMTP with nodemailer (pooled; file and URL access disabled). Every recipient gets
 * its own result: accepted, or rejected with the server's reply. A 4xx reply, timeout or dropped
 * connection is retried with exponential backoff and jitter for the recipients still pending; a
 * 5xx reply is final. Recipients already accepted are never sent to again.
 *
 * @example
 * ```ts
 * const delivery = smtpDelivery({ host: 'smtp.example.com', auth, from: 'reports@example.com' })
 * ```
 */
export function smtpDelivery(options: SmtpDeliveryOptions): DeliveryAdapter {
  const from = typeof options.from === 'string' ? { email: options.from } : options.from
  if (!isValidEmail(from.email)) {
    throw adapterError(
      'smtp',
      'INVALID_DEFINITION',
      `The sender ${JSON.stringify(from.email)} is not a valid email address.`,
    )
  }
  const fromName = from.name ? headerSafe(from.name) : undefined
  const domain = from.email.split('@')[1] ?? 'reportwright.invalid'
  let transport: Promise<SmtpTransportLike> | undefined
  const getTransport = () =>
    (transport ??= importLib<NodemailerLike>('smtp', ADAPTER_DEPENDENCIES.lib, {
      ...(options.lib !== undefined ? { lib: options.lib } : {}),
      load: () => import('nodemailer'),
    }).then((nodemailer) =>
      nodemailer.createTransport({
        // nodemailer waits up to 10 minutes by default; a stuck server should become a retry.
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 120_000,
        ...options.transport,
        host: options.host,
        port: options.port ?? (options.secure ? 465 : 587),
        secure: options.secure ?? false,
        ...(options.auth ? { auth: { user: options.auth.user, pass: options.auth.pass } } : {}),
        pool: options.pool ?? true,
        maxConnections: options.maxConnections ?? 3,
        disableFileAccess: true,
        disableUrlAccess: true,
      }),
    ))
  const retry = options.retry ?? {}
  const attempts = Math.max(1, retry.attempts ?? 4)
  const sleep = retry.sleep ?? defaultSleep

  return {
    name: 'smtp',
    maxAttachmentBytes: options.maxAttachmentBytes ?? 20 * 1024 * 1024,
    async send(message, sendOptions = {}) {
      const { signal } = sendOptions
      throwIfAborted(signal)
      const { valid, rejected: invalid } = partitionRecipients(message.to)
      const accepted: string[] = []
      const rejected = [...invalid]
      let pending = valid.map((recipient) => recipient.email)
      if (pending.length === 0) return { accepted, rejected }
      const mailer = await getTransport()
      const lastReason = new Map<string, string>()
      let lastError: SmtpErrorLike | undefined

      for (let attempt = 0; attempt < attempts && pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(backoffDelay(attempt - 1, retry), signal)
        throwIfAborted(signal)
        const attachments = await Promise.all(
          (message.attachments ?? []).map(async (attachment) => ({
            filename: headerSafe(attachment.filename),
            contentType: headerSafe(attachment.contentType),
            content: (await attachment.open()) as Readable,
          })),
        )
        let info: SmtpSentInfoLike
        try {
          info = await mailer.sendMail({
            from: fromName ? { name: fromName, address: from.email } : from.email,
            to: valid.map((r) => (r.name ? { name: r.name, address: r.email } : r.email)),
            envelope: { from: from.email, to: pending },
            subject: headerSafe(message.subject),
            text: message.text,
            ...(message.html !== undefined ? { html: message.html } : {}),
            attachments,
            messageId: messageIdFor(message.idempotencyKey, domain),
            disableFileAccess: true,
            disableUrlAccess: true,
          })
        } catch (error) {
          for (const attachment of attachments) attachment.content.destroy()
          const smtpError = error as SmtpErrorLike
          lastError = smtpError
          if (smtpError.rejectedErrors?.length) {
            // Every pending recipient was refused at RCPT: sort them into final and deferred.
            info = { accepted: [], rejectedErrors: smtpError.rejectedErrors }
          } else if (isTransient(smtpError)) {
            for (const email of pending) lastReason.set(email, reasonOf(smtpError))
            continue
          } else {
            for (const email of pending) rejected.push({ email, reason: reasonOf(smtpError) })
            pending = []
            break
          }
        }
        for (const address of info.accepted ?? []) {
          const email = typeof address === 'string' ? address : address.address
          const match = pending.find((p) => p.toLowerCase() === email.toLowerCase())
          if (match) accepted.push(match)
        }
        const deferred = new Set<string>()
        for (const refusal of info.rejectedErrors ?? []) {
          const email = pending.find((p) => p.toLowerCase() === refusal.recipient?.toLowerCase())
          if (!email) continue
          if (isTransient(refusal)) {
            deferred.add(email)
            lastReason.set(email, reasonOf(refusal))
          } else {
            rejected.push({ email, reason: reasonOf(refusal) })
          }
        }
        pending = pending.filter((email) => deferred.has(email))
      }

      if (pending.length > 0) {
        if (accepted.length === 0 && rejected.length === invalid.length && lastError) {
          throw adapterError(
            'smtp',
            'DELIVERY_FAILED',
            `Gave up after ${attempts} attempts: ${reasonOf(lastError)}`,
            { cause: lastError },
          )
        }
        for (const email of pending) {
          rejected.push({ email, reason: lastReason.get(email) ?? 'temporary failure' })
        }
      }
      const result: DeliveryResult = { accepted, rejected }
      return result
    },
    async verify() {
      try {
        await (await getTransport()).verify()
      } catch (error) {
        if (error instanceof ReportwrightError) throw error
        throw adapterError(
          'smtp',
          'DELIVERY_FAILED',
          `The SMTP server did not accept the connection: ${reasonOf(error as SmtpErrorLike)}`,
          { cause: error },
        )
      }
    },
    async dispose() {
      if (!transport) return
      const current = transport
      transport = undefined
      ;(await current.catch(() => undefined))?.close()
    },
  }
}

function isTransient(error: SmtpErrorLike): boolean {
  if (typeof error.responseCode === 'number') return error.responseCode < 500
  return error.code !== undefined && TRANSIENT_CODES.has(error.code)
}

function reasonOf(error: SmtpErrorLike): string {
  return headerSafe(error.response ?? error.message ?? error.code ?? 'unknown SMTP error')
}

// The same idempotency key gives the same Message-ID, so receivers can drop a duplicate.
function messageIdFor(idempotencyKey: string, domain: string): string {
  const hash = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)
  return `<${hash}@${domain}>`
}
