import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  describeDeliveryConformance,
  describeStorageConformance,
} from '@reportwright/adapters/testing'
import { mapKeyValueStore } from '../src/key-value-store'
import { keyValueStorage } from '../src/key-value-storage'
import { clearOutbox, outboxDelivery, readOutbox } from '../src/outbox-delivery'

// One key-value store for the whole suite, like a shared database: the kit uses fresh tenants.
const kv = mapKeyValueStore()
describeStorageConformance(({ clock }) => keyValueStorage({ kv, clock }), {
  name: 'keyValueStorage',
})

const dir = join(mkdtempSync(join(tmpdir(), 'rw-outbox-')), 'outbox')
describeDeliveryConformance(
  () => outboxDelivery({ dir }),
  {
    messages: async () =>
      (await readOutbox(dir)).map((entry) => ({
        to: entry.to,
        subject: entry.subject,
        text: entry.text,
        ...(entry.html !== undefined ? { html: entry.html } : {}),
        attachments: entry.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.base64, 'base64'),
        })),
      })),
    clear: () => clearOutbox(dir),
  },
  { name: 'outboxDelivery' },
)
