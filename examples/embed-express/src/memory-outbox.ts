// Stands in for an SMTP server: the demo keeps every email a run sends, so it can be inspected.
import type { DeliveryAdapter, DeliveryMessage } from '@reportwright/core'

/** An email the demo "sent". */
export interface SentEmail {
  readonly to: readonly string[]
  readonly subject: string
  readonly text: string
  readonly attachments: readonly { filename: string; contentType: string; size: number }[]
  readonly sentAt: string
}

/** A delivery adapter that keeps messages in memory, plus the list of what it kept. */
export interface MemoryOutbox extends DeliveryAdapter {
  readonly sent: readonly SentEmail[]
}

/** Creates an in-memory outbox. Real hosts use `@reportwright/adapters/delivery/smtp` or similar. */
export function memoryOutbox(): MemoryOutbox {
  const sent: SentEmail[] = []
  return {
    name: 'memory-outbox',
    sent,
    async send(message: DeliveryMessage) {
      sent.push({
        to: message.to.map((recipient) => recipient.email),
        subject: message.subject,
        text: message.text,
        attachments: (message.attachments ?? []).map(({ filename, contentType, size }) => ({
          filename,
          contentType,
          size,
        })),
        sentAt: new Date().toISOString(),
      })
      return { accepted: message.to.map((recipient) => recipient.email), rejected: [] }
    },
  }
}
