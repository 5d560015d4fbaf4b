import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { isReportwrightError } from '@reportwright/core'
import type { DeliveryAdapter, DeliveryMessage } from '@reportwright/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

/** One message as the receiving side saw it. */
export interface InboxMessage {
  /** The addresses it was delivered to (envelope recipients). */
  readonly to: readonly string[]
  readonly subject: string
  readonly text?: string
  readonly html?: string
  readonly attachments: readonly {
    readonly filename: string
    readonly contentType: string
    readonly content: Buffer
  }[]
}

/** The receiving end of a delivery adapter under test: a loopback SMTP or HTTP server. */
export interface ConformanceInbox {
  /** Every message received since the last `clear()`, in arrival order. */
  messages(): readonly InboxMessage[] | Promise<readonly InboxMessage[]>
  clear(): void | Promise<void>
}

/** Options of {@link describeDeliveryConformance}. */
export interface DeliveryConformanceOptions {
  /** Suite title. Defaults to `'delivery conformance'`. */
  readonly name?: string
  /** Skips the whole suite. Defaults to `false`. */
  readonly skip?: boolean
}

/**
 * Registers the vitest suite every {@link DeliveryAdapter} must pass against a real receiver:
 * subject, text and HTML bodies and attachment bytes arrive intact for every recipient; invalid
 * addresses are rejected per recipient without reaching the wire; CR/LF in a subject or name never
 * becomes a header; a cancelled send sends nothing.
 *
 * @example
 * ```ts
 * describeDeliveryConformance(() => smtpDelivery({ host, port }), inbox)
 * ```
 */
export function describeDeliveryConformance(
  makeAdapter: () => DeliveryAdapter | Promise<DeliveryAdapter>,
  inbox: ConformanceInbox,
  options: DeliveryConformanceOptions = {},
): void {
  const suite = options.skip ? describe.skip : describe
  suite(options.name ?? 'delivery conformance', () => {
    let adapter: DeliveryAdapter
    beforeAll(async () => {
      adapter = await makeAdapter()
    })
    afterAll(async () => {
      await adapter?.dispose?.()
    })
    beforeEach(async () => {
      await inbox.clear()
    })

    it('delivers subject, bodies and attachment bytes to every recipient', async () => {
      const csv = Buffer.from('region,amount\nEMEA,12.50\nAPAC,7.25\n')
      let opened = 0
      const result = await adapter.send(
        message({
          to: [{ email: 'ann@example.com', name: 'Ann Example' }, { email: 'bo@example.com' }],
          subject: 'Weekly sales — 2031-03-04',
          text: 'Hello,\nthe report is attached.',
          html: '<p>Hello,<br>the report is <b>attached</b>.</p>',
          attachments: [
            {
              filename: 'sales.csv',
              contentType: 'text/csv',
              size: csv.length,
              open: async () => {
                opened++
                return Readable.from([csv])
              },
            },
          ],
        }),
      )
      expect([...result.accepted].sort()).toEqual(['ann@example.com', 'bo@example.com'])
      expect(result.rejected).toEqual([])
      expect(opened).toBeGreaterThanOrEqual(1)
      const received = await waitForMessages(inbox, 1)
      expect(received.flatMap((m) => m.to).sort()).toEqual(['ann@example.com', 'bo@example.com'])
      const first = required(received[0])
      expect(first.subject).toBe('Weekly sales — 2031-03-04')
      expect(first.text?.trim()).toBe('Hello,\nthe report is attached.')
      expect(first.html).toContain('<b>attached</b>')
      expect(first.attachments).toHaveLength(1)
      expect(first.attachments[0]).toMatchObject({ filename: 'sales.csv' })
      expect(first.attachments[0]?.contentType).toMatch(/^text\/csv/)
      expect(first.attachments[0]?.content.equals(csv)).toBe(true)
    })

    it('sends a text-only message without attachments', async () => {
      const result = await adapter.send(
        message({ to: [{ email: 'cy@example.com' }], subject: 'Plain', text: 'Just text' }),
      )
      expect(result.accepted).toEqual(['cy@example.com'])
      const [received] = await waitForMessages(inbox, 1)
      expect(received?.subject).toBe('Plain')
      expect(received?.text?.trim()).toBe('Just text')
      expect(received?.attachments).toEqual([])
    })

    it('rejects invalid addresses per recipient and never sends to them', async () => {
      const result = await adapter.send(
        message({
          to: [
            { email: 'dee@example.com' },
            { email: 'not an address' },
            { email: 'x@example.com\r\nBcc: evil@example.com' },
          ],
          subject: 'Check',
          text: 'Body',
        }),
      )
      expect(result.accepted).toEqual(['dee@example.com'])
      expect(result.rejected.map((r) => r.email)).toEqual([
        'not an address',
        'x@example.com\r\nBcc: evil@example.com',
      ])
      for (const rejection of result.rejected) expect(rejection.reason).toMatch(/\S/)
      const received = await waitForMessages(inbox, 1)
      expect(received.flatMap((m) => m.to)).toEqual(['dee@example.com'])
    })

    it('never lets CR/LF in a subject or name become a header', async () => {
      const result = await adapter.send(
        message({
          to: [{ email: 'eve@example.com', name: 'Eve\r\nBcc: evil@example.com' }],
          subject: 'Report\r\nBcc: evil@example.com\r\nX-Injected: yes',
          text: 'Body',
        }),
      )
      expect(result.accepted).toEqual(['eve@example.com'])
      const received = await waitForMessages(inbox, 1)
      expect(received.flatMap((m) => m.to)).toEqual(['eve@example.com'])
      expect(received[0]?.subject).not.toMatch(/[\r\n]/)
      expect(received[0]?.subject).toMatch(/^Report/)
    })

    it('sends nothing when the signal is already aborted', async () => {
      const controller = new AbortController()
      controller.abort()
      const error = await adapter
        .send(message({ to: [{ email: 'fay@example.com' }], subject: 'No', text: 'No' }), {
          signal: controller.signal,
        })
        .then(
          () => undefined,
          (cause: unknown) => cause,
        )
      expect(isReportwrightError(error) && error.code).toBe('CANCELLED')
      expect(await inbox.messages()).toEqual([])
    })
  })
}

function message(
  fields: Omit<DeliveryMessage, 'idempotencyKey'> & { readonly idempotencyKey?: string },
): DeliveryMessage {
  return { idempotencyKey: `conformance:${randomUUID()}`, ...fields }
}

async function waitForMessages(
  inbox: ConformanceInbox,
  count: number,
): Promise<readonly InboxMessage[]> {
  return vi.waitFor(
    async () => {
      const messages = await inbox.messages()
      expect(messages.length).toBeGreaterThanOrEqual(count)
      return messages
    },
    { timeout: 10_000, interval: 20 },
  )
}

function required<TValue>(value: TValue | undefined): TValue {
  if (value === undefined) throw new Error('expected a value')
  return value
}
