import { randomUUID } from 'node:crypto'
import {
  createReportEngine,
  memoryFiles,
  memoryStorage,
  parseReportDefinition,
} from '@reportwright/core'
import type { RequestContext } from '@reportwright/core'
import { openFixtureEngine } from '@reportwright/core/testing'
import type { FixtureEngine } from '@reportwright/core/testing'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { deliverPerRecipient, deliveryOutcome } from '../src/bursting'
import { smtpDelivery } from '../src/delivery/smtp-delivery'
import { startSmtpInbox } from './smtp-inbox'

const fixture = (await openFixtureEngine('sqlite')) as FixtureEngine
const inbox = await startSmtpInbox()
afterAll(async () => {
  await inbox.close()
  await fixture.close()
})

const contexts: Record<string, RequestContext> = {
  'ann@acme.example': { userId: 'ann', tenantId: 'acme', roles: ['user'] },
  'gus@globex.example': { userId: 'gus', tenantId: 'globex', roles: ['user'] },
  'fin@acme.example': { userId: 'fin', tenantId: 'acme', roles: ['finance'] },
}

function setup(fields: { field: string; aggregation?: 'sum' }[], withLinks = false) {
  const storage = memoryStorage()
  const files = memoryFiles(
    withLinks
      ? {
          downloadUrl: (key, { expiresInSeconds }) =>
            `https://dl.example/${key}?ttl=${expiresInSeconds}`,
        }
      : {},
  )
  const engine = createReportEngine({ catalog: fixture.catalog, storage, files })
  const definition = parseReportDefinition({
    version: 1,
    name: 'Sales by channel',
    dataset: 'sales',
    fields,
    sort: [{ field: 'channel', direction: 'asc' }],
    output: { format: 'json' },
    delivery: {
      enabled: true,
      recipients: [
        { email: 'ann@acme.example', name: 'Ann' },
        { email: 'gus@globex.example' },
        { email: 'nobody@example.com' },
      ],
      subject: '{{report_name}}: {{row_count}} rows',
      body: 'Hello,\nyour copy is attached.',
    },
  })
  const delivery = smtpDelivery({
    host: '127.0.0.1',
    port: inbox.port,
    from: 'reports@example.com',
    transport: { ignoreTLS: true },
    retry: { baseDelayMs: 5 },
  })
  return { storage, engine, definition, delivery }
}

describe('deliverPerRecipient', () => {
  beforeEach(() => inbox.clear())

  it('renders each copy under the recipient context and records every copy and send', async () => {
    const { storage, engine, definition, delivery } = setup([
      { field: 'channel' },
      { field: 'amount', aggregation: 'sum' },
    ])
    const author: RequestContext = { userId: 'author', tenantId: 'acme', roles: ['admin'] }
    const result = await deliverPerRecipient({
      engine,
      definition,
      delivery,
      resolveRecipientContext: async (r) => contexts[r.email],
      record: { storage, context: author },
    })
    await delivery.dispose?.()
    expect(result.outcome).toBe('partially_delivered')
    expect(result.recipients.map((r) => [r.email, r.status])).toEqual([
      ['ann@acme.example', 'delivered'],
      ['gus@globex.example', 'delivered'],
      ['nobody@example.com', 'skipped'],
    ])
    // Each copy was run under the recipient's own tenant.
    const annRun = await storage.runs.get(
      contexts['ann@acme.example']!,
      result.recipients[0]!.runId!,
    )
    const gusRun = await storage.runs.get(
      contexts['gus@globex.example']!,
      result.recipients[1]!.runId!,
    )
    expect(annRun).toMatchObject({ userId: 'ann', tenantId: 'acme', status: 'succeeded' })
    expect(gusRun).toMatchObject({ userId: 'gus', tenantId: 'globex', status: 'succeeded' })
    expect(await storage.runs.get(author, gusRun!.id)).toBeUndefined()

    const messages = inbox.messages()
    expect(messages.map((m) => m.to)).toEqual([['ann@acme.example'], ['gus@globex.example']])
    const [annFile, gusFile] = messages.map((m) => m.attachments[0]!.content.toString('utf8'))
    expect(annFile).not.toEqual(gusFile)
    expect(messages[0]!.subject).toMatch(/^Sales by channel: \d+ rows$/)
    for (const message of messages) {
      expect(`${message.subject}${message.text}${message.html}`.toLowerCase()).not.toContain(
        'reportwright',
      )
    }

    const record = await storage.runs.get(author, result.runId!)
    expect(record?.deliveries.map((d) => [d.accepted, d.rejected.map((r) => r.email)])).toEqual([
      [['ann@acme.example'], []],
      [['gus@globex.example'], []],
      [[], ['nobody@example.com']],
    ])
    expect(record?.deliveries[0]?.channel).toBe(`smtp:${annRun!.id}`)
  })

  it('applies column rights per recipient: a copy the recipient may not see fails alone', async () => {
    const { engine, definition, delivery } = setup([
      { field: 'product.name' },
      { field: 'product.unit_cost' },
    ])
    const result = await deliverPerRecipient({
      engine,
      definition,
      delivery,
      recipients: [{ email: 'fin@acme.example' }, { email: 'ann@acme.example' }],
      resolveRecipientContext: async (r) => contexts[r.email],
      body: 'attachment-only',
    })
    await delivery.dispose?.()
    expect(result.recipients.map((r) => r.status)).toEqual(['delivered', 'failed'])
    expect(result.recipients[1]?.reason).toMatch(/FORBIDDEN_FIELD/)
    const [message] = inbox.messages()
    expect(message?.to).toEqual(['fin@acme.example'])
    expect(message?.text ?? '').toBe('')
    expect(message?.attachments).toHaveLength(1)
  })

  it('sends an expiring link instead of a file above the adapter limit', async () => {
    const { engine, definition, delivery } = setup([{ field: 'channel' }], true)
    const small = {
      ...delivery,
      name: delivery.name,
      maxAttachmentBytes: 10,
      send: delivery.send.bind(delivery),
    }
    const result = await deliverPerRecipient({
      engine,
      definition: {
        ...definition,
        delivery: {
          ...definition.delivery!,
          body: '{{#download_url}}Get it: {{download_url}}{{/download_url}}',
        },
      },
      delivery: small,
      recipients: [{ email: 'ann@acme.example' }],
      resolveRecipientContext: async (r) => contexts[r.email],
      downloadLinkTtlSeconds: 3600,
    })
    await delivery.dispose?.()
    expect(result.outcome).toBe('delivered')
    const [message] = inbox.messages()
    expect(message?.attachments).toEqual([])
    expect(message?.text?.trim()).toMatch(/^Get it: https:\/\/dl\.example\/\S+\?ttl=3600$/)
  })

  it('refuses a template with an unknown variable before running anything', async () => {
    const { storage, engine, definition, delivery } = setup([{ field: 'channel' }])
    const bad = { ...definition, delivery: { ...definition.delivery!, subject: '{{secret}}' } }
    await expect(
      deliverPerRecipient({
        engine,
        definition: bad,
        delivery,
        resolveRecipientContext: async (r) => contexts[r.email],
        record: { storage, context: contexts['ann@acme.example']!, reportId: randomUUID() },
      }),
    ).rejects.toThrow(/unknown variables \{\{secret\}\}/)
    await delivery.dispose?.()
    expect(inbox.messages()).toEqual([])
  })

  it('summarises deliveries as delivered, partially delivered or failed', () => {
    const ok = { channel: 'smtp', accepted: ['a@x.io'], rejected: [] }
    const no = { channel: 'smtp', accepted: [], rejected: [{ email: 'b@x.io', reason: '550' }] }
    expect(deliveryOutcome([ok])).toBe('delivered')
    expect(deliveryOutcome([ok, no])).toBe('partially_delivered')
    expect(deliveryOutcome([no])).toBe('failed')
    expect(deliveryOutcome([{ channel: 'smtp', accepted: [], rejected: [], error: 'down' }])).toBe(
      'failed',
    )
    expect(deliveryOutcome([])).toBe('none')
  })
})
