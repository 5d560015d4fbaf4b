import { randomUUID } from 'node:crypto'
import { isReportwrightError } from '@reportwright/core'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import {
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  verifyWebhookSignature,
  webhookDelivery,
} from '../src/delivery/webhook-delivery'
import type { WebhookPayload } from '../src/delivery/webhook-delivery'
import { describeDeliveryConformance } from '../src/testing'
import type { InboxMessage } from '../src/testing'
import { startHttpReceiver } from './http-receiver'

const secret = 'a-long-shared-webhook-secret'
const receiver = await startHttpReceiver()
afterAll(() => receiver.close())
const fast = { baseDelayMs: 5, maxDelayMs: 20 }

const inbox = {
  messages: (): InboxMessage[] =>
    receiver.requests
      .filter((request) =>
        verifyWebhookSignature({
          secret,
          body: request.body,
          timestamp: request.headers[WEBHOOK_TIMESTAMP_HEADER] as string,
          signature: request.headers[WEBHOOK_SIGNATURE_HEADER] as string,
        }),
      )
      .map((request) => {
        const payload = JSON.parse(request.body) as WebhookPayload
        return {
          to: payload.to.map((r) => r.email),
          subject: payload.subject,
          text: payload.text,
          ...(payload.html !== undefined ? { html: payload.html } : {}),
          attachments: payload.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.contentBase64, 'base64'),
          })),
        }
      }),
  clear: () => {
    receiver.requests.length = 0
  },
}

describeDeliveryConformance(
  () => webhookDelivery({ url: `${receiver.url}/hooks/reports`, secret, retry: fast }),
  inbox,
  { name: 'webhookDelivery' },
)

describe('webhookDelivery specifics', () => {
  beforeEach(() => {
    inbox.clear()
    receiver.respond = () => ({ status: 200 })
  })
  const message = () => ({
    to: [{ email: 'ops@example.com' }],
    subject: 'Sales',
    text: 'Done',
    idempotencyKey: `run:${randomUUID()}`,
  })

  it('signs "<timestamp>.<body>" with HMAC-SHA256 and refuses replays and tampering', async () => {
    const clock = { now: () => new Date('2031-03-04T05:06:07Z') }
    const delivery = webhookDelivery({ url: receiver.url, secret, retry: fast, clock })
    await delivery.send(message())
    const [request] = receiver.requests
    const timestamp = request!.headers[WEBHOOK_TIMESTAMP_HEADER] as string
    const signature = request!.headers[WEBHOOK_SIGNATURE_HEADER] as string
    expect(timestamp).toBe(String(Date.parse('2031-03-04T05:06:07Z') / 1000))
    const check = (overrides: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({
        secret,
        body: request!.body,
        timestamp,
        signature,
        now: clock.now(),
        ...overrides,
      })
    expect(check({})).toBe(true)
    expect(check({ now: new Date('2031-03-04T05:16:07Z') })).toBe(false)
    expect(check({ body: request!.body.replace('Sales', 'Sales!') })).toBe(false)
    expect(check({ secret: 'another-secret-of-enough-length' })).toBe(false)
    expect(check({ timestamp: String(Number(timestamp) + 1) })).toBe(false)
  })

  it('retries 503 and 429 with the same idempotency key, then delivers once', async () => {
    let calls = 0
    receiver.respond = () => ({ status: [503, 429][calls++] ?? 202 })
    const delivery = webhookDelivery({ url: receiver.url, secret, retry: fast })
    const sent = message()
    expect(await delivery.send(sent)).toEqual({ accepted: ['ops@example.com'], rejected: [] })
    expect(receiver.requests).toHaveLength(3)
    expect(new Set(receiver.requests.map((r) => r.headers['idempotency-key']))).toEqual(
      new Set([sent.idempotencyKey]),
    )
  })

  it('does not retry a 400 and fails with DELIVERY_FAILED', async () => {
    receiver.respond = () => ({ status: 400, body: 'bad payload' })
    const delivery = webhookDelivery({ url: receiver.url, secret, retry: fast })
    const error = await delivery.send(message()).catch((cause: unknown) => cause)
    expect(isReportwrightError(error) && error.code).toBe('DELIVERY_FAILED')
    expect((error as Error).message).toMatch(/HTTP 400: bad payload/)
    expect(receiver.requests).toHaveLength(1)
  })

  it('refuses a non-http URL and a short secret', () => {
    expect(() => webhookDelivery({ url: 'file:///etc/passwd', secret })).toThrow(/http/)
    expect(() => webhookDelivery({ url: receiver.url, secret: 'short' })).toThrow(/16 characters/)
  })
})
