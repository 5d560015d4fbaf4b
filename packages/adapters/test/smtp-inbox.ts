import { connect, createServer } from 'node:net'
import type { AddressInfo, Server, Socket } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import type { ConformanceInbox, InboxMessage } from '../src/testing'

/** A real SMTP server on loopback whose messages are read back with mailparser. */
export interface SmtpInbox extends ConformanceInbox {
  readonly port: number
  messages(): readonly InboxMessage[]
  /** RCPT replies: return `{ code, message }` to refuse an address. */
  refuse: (email: string) => { readonly code: number; readonly message: string } | undefined
  /** How many RCPT TO commands the server saw per address. */
  readonly rcptCounts: Map<string, number>
  close(): Promise<void>
}

export async function startSmtpInbox(): Promise<SmtpInbox> {
  const messages: InboxMessage[] = []
  const rcptCounts = new Map<string, number>()
  const inbox: SmtpInbox = {
    port: 0,
    refuse: () => undefined,
    rcptCounts,
    messages: () => [...messages],
    clear: () => {
      messages.length = 0
      rcptCounts.clear()
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      rcptCounts.set(address.address, (rcptCounts.get(address.address) ?? 0) + 1)
      const refusal = inbox.refuse(address.address)
      if (!refusal) return callback()
      const error = new Error(refusal.message) as Error & { responseCode: number }
      error.responseCode = refusal.code
      callback(error)
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            ...(parsed.text !== undefined ? { text: parsed.text } : {}),
            ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
            attachments: parsed.attachments.map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              content: a.content,
            })),
          })
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = (server as unknown as { server: Server }).server.address() as AddressInfo
  ;(inbox as { port: number }).port = address.port
  return inbox
}

/** A TCP proxy that cuts the connection the first time `marker` passes from the client. */
export async function startDroppingProxy(
  target: number,
  marker: string,
): Promise<{ readonly port: number; readonly drops: () => number; close(): Promise<void> }> {
  let dropped = 0
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1')
    sockets.add(client).add(upstream)
    let seen = ''
    client.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString('latin1')).slice(-4096)
      if (dropped === 0 && seen.includes(marker)) {
        dropped++
        client.destroy()
        upstream.destroy()
        return
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk: Buffer) => client.write(chunk))
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('close', end).on('error', end)
    upstream.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    drops: () => dropped,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
