import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import type { AddressInfo, Server } from 'node:net'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { SMTPServer } from 'smtp-server'

/** An SMTP server on loopback that keeps every message it receives as an `.eml` file. */
export interface OutboxSmtpServer {
  readonly host: string
  readonly port: number
  /** Paths of the `.eml` files written so far. */
  readonly received: readonly string[]
  close(): Promise<void>
}

/**
 * Starts an SMTP server on `127.0.0.1` and a free port that writes each message, byte for
 * byte, to `<dir>/<n>-<recipient>.eml` — what a mail client would open.
 */
export async function startOutboxSmtpServer(dir: string): Promise<OutboxSmtpServer> {
  await mkdir(dir, { recursive: true })
  const received: string[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const recipient = session.envelope.rcptTo[0]?.address ?? 'unknown'
      const name = `${String(received.length + 1).padStart(3, '0')}-${recipient.replace(/[^\w.@-]/g, '_')}.eml`
      const path = join(dir, name)
      pipeline(stream, createWriteStream(path))
        .then(() => {
          received.push(path)
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  })
  const host = '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.on('error', reject)
    server.listen(0, host, resolve)
  })
  const { port } = (server as unknown as { server: Server }).server.address() as AddressInfo
  return {
    host,
    port,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
