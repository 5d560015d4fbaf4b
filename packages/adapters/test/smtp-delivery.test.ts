import { randomUUID } from 'node:crypto'
import { createServer } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { Readable } from 'node:stream'
import { isReportwrightError } from '@reportwright/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { smtpDelivery } from '../src/delivery/smtp-delivery'
import { describeDeliveryConformance } from '../src/testing'
import { startDroppingProxy, startSmtpInbox } from './smtp-inbox'

const inbox = await startSmtpInbox()
afterAll(() => inbox.close())
const fast = { baseDelayMs: 5, maxDelayMs: 20 }
const transport = { ignoreTLS: true }

describeDeliveryConformance(
  () =>
    smtpDelivery({
      host: '127.0.0.1',
      port: inbox.port,
      from: { email: 'reports@example.com', name: 'Reports' },
      transport,
      retry: fast,
    }),
  inbox,
  { name: 'smtpDelivery' },
)

describe('smtpDelivery faults', () => {
  beforeEach(() => {
    inbox.clear()
    inbox.refuse = () => undefined
  })

  it('records one refused recipient of three with its reason, without resending to the others', async () => {
    inbox.refuse = (email) =>
      email === 'gone@example.com' ? { code: 550, message: 'No such user here' } : undefined
    const delivery = smtpDelivery({
      host: '127.0.0.1',
      port: inbox.port,
      from: 'r@example.com',
      transport,
      retry: fast,
    })
    const result = await delivery.send({
      to: [{ email: 'a@example.com' }, { email: 'gone@example.com' }, { email: 'b@example.com' }],
      subject: 'Three',
      text: 'Body',
      idempotencyKey: `run:${randomUUID()}`,
    })
    await delivery.dispose?.()
    expect(result.accepted).toEqual(['a@example.com', 'b@example.com'])
    expect(result.rejected).toHaveLength(1)
    expect(result.rejected[0]?.email).toBe('gone@example.com')
    expect(result.rejected[0]?.reason).toMatch(/550.*No such user here/)
    expect(inbox.messages()).toHaveLength(1)
    expect(inbox.messages()[0]?.to).toEqual(['a@example.com', 'b@example.com'])
    expect(inbox.rcptCounts.get('a@example.com')).toBe(1)
    expect(inbox.rcptCounts.get('gone@example.com')).toBe(1)
  })

  it('retries a deferred (4xx) recipient only, until it is accepted', async () => {
    let deferrals = 0
    inbox.refuse = (email) =>
      email === 'busy@example.com' && deferrals++ < 2
        ? { code: 451, message: 'Try again later' }
        : undefined
    const delivery = smtpDelivery({
      host: '127.0.0.1',
      port: inbox.port,
      from: 'r@example.com',
      transport,
      retry: fast,
    })
    const result = await delivery.send({
      to: [{ email: 'ok@example.com' }, { email: 'busy@example.com' }],
      subject: 'Greylisted',
      text: 'Body',
      idempotencyKey: `run:${randomUUID()}`,
    })
    await delivery.dispose?.()
    expect(result).toEqual({ accepted: ['ok@example.com', 'busy@example.com'], rejected: [] })
    expect(inbox.rcptCounts.get('ok@example.com')).toBe(1)
    expect(inbox.rcptCounts.get('busy@example.com')).toBe(3)
    expect(inbox.messages().map((m) => m.to)).toEqual([['ok@example.com'], ['busy@example.com']])
  })

  it('gives up on a recipient still deferred after the last attempt, with the reason', async () => {
    inbox.refuse = (email) =>
      email === 'never@example.com' ? { code: 452, message: 'Mailbox full' } : undefined
    const delivery = smtpDelivery({
      host: '127.0.0.1',
      port: inbox.port,
      from: 'r@example.com',
      transport,
      retry: { ...fast, attempts: 2 },
    })
    const result = await delivery.send({
      to: [{ email: 'never@example.com' }, { email: 'fine@example.com' }],
      subject: 'Full',
      text: 'Body',
      idempotencyKey: `run:${randomUUID()}`,
    })
    await delivery.dispose?.()
    expect(result.accepted).toEqual(['fine@example.com'])
    expect(result.rejected).toEqual([
      { email: 'never@example.com', reason: expect.stringMatching(/452.*Mailbox full/) },
    ])
    expect(inbox.rcptCounts.get('never@example.com')).toBe(2)
  })

  it('does not retry when every recipient is refused permanently', async () => {
    inbox.refuse = () => ({ code: 550, message: 'Relaying denied' })
    const delivery = smtpDelivery({
      host: '127.0.0.1',
      port: inbox.port,
      from: 'r@example.com',
      transport,
      retry: fast,
    })
    const result = await delivery.send({
      to: [{ email: 'x@example.com' }, { email: 'y@example.com' }],
      subject: 'Denied',
      text: 'Body',
      idempotencyKey: `run:${randomUUID()}`,
    })
    await delivery.dispose?.()
    expect(result.accepted).toEqual([])
    expect(result.rejected.map((r) => r.email)).toEqual(['x@example.com', 'y@example.com'])
    expect(inbox.rcptCounts.get('x@example.com')).toBe(1)
    expect(inbox.messages()).toEqual([])
  })

  describe('a connection dropped mid-message', () => {
    let proxy: Awaited<ReturnType<typeof startDroppingProxy>>
    beforeAll(async () => {
      proxy = await startDroppingProxy(inbox.port, 'DROP-MARKER')
    })
    afterAll(() => proxy.close())

    it('is retried on a new connection and delivered once', async () => {
      const delivery = smtpDelivery({
        host: '127.0.0.1',
        port: proxy.port,
        from: 'r@example.com',
        transport,
        retry: fast,
      })
      const csv = Buffer.from('a,b\n1,2\n')
      const result = await delivery.send({
        to: [{ email: 'once@example.com' }],
        subject: 'Report DROP-MARKER',
        text: 'Body',
        attachments: [
          {
            filename: 'r.csv',
            contentType: 'text/csv',
            size: csv.length,
            open: async () => Readable.from([csv]),
          },
        ],
        idempotencyKey: `run:${randomUUID()}`,
      })
      await delivery.dispose?.()
      expect(proxy.drops()).toBe(1)
      expect(result).toEqual({ accepted: ['once@example.com'], rejected: [] })
      expect(inbox.messages()).toHaveLength(1)
      expect(inbox.messages()[0]?.attachments[0]?.content.equals(csv)).toBe(true)
    })
  })

  it('verifies the connection, and names the failure when it cannot', async () => {
    const good = smtpDelivery({
      host: '127.0.0.1',
      port: inbox.port,
      from: 'r@example.com',
      transport,
    })
    await expect(good.verify?.()).resolves.toBeUndefined()
    await good.dispose?.()
    const bad = smtpDelivery({ host: '127.0.0.1', port: 1, from: 'r@example.com', transport })
    const error = await bad.verify?.().catch((cause: unknown) => cause)
    await bad.dispose?.()
    expect(isReportwrightError(error) && error.code).toBe('DELIVERY_FAILED')
  })

  it('refuses an invalid sender at once', () => {
    expect(() =>
      smtpDelivery({ host: '127.0.0.1', from: 'reports@example.com\r\nBcc: x@y.z' }),
    ).toThrow(/not a valid email address/)
  })

  it('treats a server that never answers as transient: retried, then DELIVERY_FAILED', async () => {
    const sockets: Socket[] = []
    const silent = createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const delivery = smtpDelivery({
      host: '127.0.0.1',
      port: (silent.address() as AddressInfo).port,
      from: 'r@example.com',
      transport: { ...transport, greetingTimeout: 200, connectionTimeout: 200 },
      retry: { ...fast, attempts: 3 },
    })
    const error = await delivery
      .send({ to: [{ email: 'a@example.com' }], subject: 'S', text: 'T', idempotencyKey: 'k' })
      .catch((cause: unknown) => cause)
    await delivery.dispose?.()
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => silent.close(resolve))
    expect(isReportwrightError(error) && error.code).toBe('DELIVERY_FAILED')
    expect((error as Error).message).toMatch(/Gave up after 3 attempts/)
    expect(sockets).toHaveLength(3)
  })

  it('fails with DELIVERY_FAILED when the server cannot be reached', async () => {
    const delivery = smtpDelivery({
      host: '127.0.0.1',
      port: 1,
      from: 'r@example.com',
      transport,
      retry: { ...fast, attempts: 2 },
    })
    const error = await delivery
      .send({ to: [{ email: 'a@example.com' }], subject: 'S', text: 'T', idempotencyKey: 'k' })
      .catch((cause: unknown) => cause)
    await delivery.dispose?.()
    expect(isReportwrightError(error) && error.code).toBe('DELIVERY_FAILED')
    expect((error as Error).message).toMatch(/^\[reportwright\] \[smtp\] Gave up after 2 attempts/)
  })
})
