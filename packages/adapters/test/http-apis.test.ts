import { randomUUID } from 'node:crypto'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import { isReportwrightError } from '@reportwright/core'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { sendgridDelivery } from '../src/delivery/sendgrid-delivery'
import { sesDelivery } from '../src/delivery/ses-delivery'
import { describeDeliveryConformance } from '../src/testing'
import type { InboxMessage } from '../src/testing'
import { startHttpReceiver } from './http-receiver'

const fast = { baseDelayMs: 5, maxDelayMs: 20 }
const sendgrid = await startHttpReceiver()
const ses = await startHttpReceiver()
afterAll(async () => {
  await sendgrid.close()
  await ses.close()
})

interface SendgridBody {
  personalizations: { to: { email: string }[] }[]
  subject: string
  content: { type: string; value: string }[]
  attachments?: { content: string; filename: string; type: string }[]
}
const sendgridInbox = {
  messages: (): InboxMessage[] =>
    sendgrid.requests
      .filter((r) => r.url === '/v3/mail/send' && r.headers.authorization === 'Bearer SG.test')
      .map((r) => {
        const body = JSON.parse(r.body) as SendgridBody
        const html = body.content.find((c) => c.type === 'text/html')?.value
        return {
          to: body.personalizations.flatMap((p) => p.to.map((t) => t.email)),
          subject: body.subject,
          text: body.content.find((c) => c.type === 'text/plain')?.value ?? '',
          ...(html !== undefined ? { html } : {}),
          attachments: (body.attachments ?? []).map((a) => ({
            filename: a.filename,
            contentType: a.type,
            content: Buffer.from(a.content, 'base64'),
          })),
        }
      }),
  clear: () => void (sendgrid.requests.length = 0),
}

interface SesBody {
  Destination: { ToAddresses: string[] }
  Content: {
    Simple: {
      Subject: { Data: string }
      Body: { Text?: { Data: string }; Html?: { Data: string } }
      Attachments?: { RawContent: string; FileName: string; ContentType: string }[]
    }
  }
}
const sesInbox = {
  messages: (): InboxMessage[] =>
    ses.requests
      .filter(
        (r) =>
          r.url === '/v2/email/outbound-emails' &&
          /AWS4-HMAC-SHA256/.test(String(r.headers.authorization)),
      )
      .map((r) => {
        const body = JSON.parse(r.body) as SesBody
        const simple = body.Content.Simple
        return {
          to: body.Destination.ToAddresses,
          subject: simple.Subject.Data,
          text: simple.Body.Text?.Data ?? '',
          ...(simple.Body.Html ? { html: simple.Body.Html.Data } : {}),
          attachments: (simple.Attachments ?? []).map((a) => ({
            filename: a.FileName,
            contentType: a.ContentType,
            content: Buffer.from(a.RawContent, 'base64'),
          })),
        }
      }),
  clear: () => void (ses.requests.length = 0),
}
const sesClient = new SESv2Client({
  region: 'us-east-1',
  endpoint: ses.url,
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
  maxAttempts: 1,
})
afterAll(() => sesClient.destroy())

describeDeliveryConformance(
  () =>
    sendgridDelivery({
      apiKey: 'SG.test',
      from: 'reports@example.com',
      baseUrl: sendgrid.url,
      retry: fast,
    }),
  sendgridInbox,
  { name: 'sendgridDelivery' },
)
describeDeliveryConformance(
  () =>
    sesDelivery({
      client: sesClient,
      from: { email: 'reports@example.com', name: 'Reports' },
      retry: fast,
    }),
  sesInbox,
  { name: 'sesDelivery' },
)

const message = () => ({
  to: [{ email: 'a@example.com' }],
  subject: 'S',
  text: 'T',
  idempotencyKey: `run:${randomUUID()}`,
})

describe('sendgridDelivery faults', () => {
  beforeEach(() => {
    sendgridInbox.clear()
    sendgrid.respond = () => ({ status: 202 })
  })
  it('retries 429 and 500, then succeeds once', async () => {
    let calls = 0
    sendgrid.respond = () => ({ status: [429, 500][calls++] ?? 202 })
    const delivery = sendgridDelivery({
      apiKey: 'SG.test',
      from: 'r@example.com',
      baseUrl: sendgrid.url,
      retry: fast,
    })
    expect(await delivery.send(message())).toEqual({ accepted: ['a@example.com'], rejected: [] })
    expect(sendgrid.requests).toHaveLength(3)
  })
  it('fails a 400 at once with the API reason', async () => {
    sendgrid.respond = () => ({
      status: 400,
      body: '{"errors":[{"message":"The from address does not match a verified Sender Identity"}]}',
    })
    const delivery = sendgridDelivery({
      apiKey: 'SG.test',
      from: 'r@example.com',
      baseUrl: sendgrid.url,
      retry: fast,
    })
    const error = await delivery.send(message()).catch((e: unknown) => e)
    expect(isReportwrightError(error) && error.code).toBe('DELIVERY_FAILED')
    expect((error as Error).message).toMatch(/verified Sender Identity/)
    expect(sendgrid.requests).toHaveLength(1)
  })
})

describe('sesDelivery faults', () => {
  beforeEach(() => {
    sesInbox.clear()
    ses.respond = () => ({ status: 200, body: '{"MessageId":"m-1"}' })
  })
  it('retries throttling, then succeeds once', async () => {
    let calls = 0
    ses.respond = () =>
      calls++ === 0
        ? {
            status: 429,
            body: '{"message":"Maximum sending rate exceeded."}',
            headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
          }
        : { status: 200, body: '{"MessageId":"m-2"}' }
    const delivery = sesDelivery({ client: sesClient, from: 'r@example.com', retry: fast })
    expect(await delivery.send(message())).toEqual({ accepted: ['a@example.com'], rejected: [] })
    expect(ses.requests).toHaveLength(2)
  })
  it('does not retry a rejected message', async () => {
    ses.respond = () => ({
      status: 400,
      body: '{"message":"Email address is not verified."}',
      headers: { 'x-amzn-errortype': 'MessageRejected' },
    })
    const delivery = sesDelivery({ client: sesClient, from: 'r@example.com', retry: fast })
    const error = await delivery.send(message()).catch((e: unknown) => e)
    expect(isReportwrightError(error) && error.code).toBe('DELIVERY_FAILED')
    expect((error as Error).message).toMatch(/MessageRejected.*not verified/)
    expect(ses.requests).toHaveLength(1)
  })
})
