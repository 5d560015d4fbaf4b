import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ReportwrightError } from '@reportwright/core'
import type { DeliveryAdapter } from '@reportwright/core'

/** A message as the outbox keeps it: one JSON file that another process sends on. */
export interface OutboxEntry {
  readonly to: readonly string[]
  readonly subject: string
  readonly text: string
  readonly html?: string
  readonly attachments: readonly { filename: string; contentType: string; base64: string }[]
  readonly idempotencyKey: string
}

const ADDRESS = /^[^\s@<>"',;\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/

/**
 * A {@link DeliveryAdapter} that writes each message to a folder (a transactional outbox): a
 * separate worker sends them. Writes are atomic (temporary name, then rename), and one
 * idempotency key is written once.
 */
export function outboxDelivery(options: { readonly dir: string }): DeliveryAdapter {
  return {
    name: 'outbox',
    maxAttachmentBytes: 10 * 1024 * 1024,
    async send(message, sendOptions) {
      if (sendOptions?.signal?.aborted) {
        throw new ReportwrightError({ code: 'CANCELLED', message: 'The delivery was cancelled.' })
      }
      const valid = message.to.filter((r) => ADDRESS.test(r.email))
      const rejected = message.to
        .filter((r) => !ADDRESS.test(r.email))
        .map((r) => ({ email: r.email, reason: 'invalid email address' }))
      if (valid.length === 0) return { accepted: [], rejected }
      const attachments = []
      for (const attachment of message.attachments ?? []) {
        const chunks: Buffer[] = []
        for await (const chunk of await attachment.open())
          chunks.push(Buffer.from(chunk as Uint8Array))
        attachments.push({
          filename: attachment.filename,
          contentType: attachment.contentType,
          base64: Buffer.concat(chunks).toString('base64'),
        })
      }
      const entry: OutboxEntry = {
        to: valid.map((r) => r.email),
        // Headers are built by the worker; never let a line break through.
        subject: message.subject.replace(/[\r\n]+/g, ' '),
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
        attachments,
        idempotencyKey: message.idempotencyKey,
      }
      await mkdir(options.dir, { recursive: true })
      const name = Buffer.from(message.idempotencyKey).toString('base64url')
      const temporary = join(options.dir, `.${randomUUID()}.tmp`)
      await writeFile(temporary, JSON.stringify(entry))
      await rename(temporary, join(options.dir, `${name}.json`))
      return { accepted: entry.to, rejected }
    },
  }
}

/** Reads every entry of an outbox folder (what the sending worker would do). */
export async function readOutbox(dir: string): Promise<OutboxEntry[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'))
  return Promise.all(
    names.map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as OutboxEntry),
  )
}

/** Empties an outbox folder. */
export async function clearOutbox(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}
