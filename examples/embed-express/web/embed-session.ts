// The page's side of embedding: it asks its own back end for a short-lived embed token of the
// signed-in user and hands the Reportwright client a fresh one on every request.
import { createClient } from '@reportwright/core/client'
import type { ReportwrightClient } from '@reportwright/core/client'

/** A user of the host, as `/host/users` lists them. */
export interface HostUser {
  readonly id: string
  readonly name: string
  readonly email: string
  readonly company: string
}

/** Lists the demo users. */
export async function fetchHostUsers(): Promise<readonly HostUser[]> {
  const response = await fetch('/host/users')
  if (!response.ok) throw new Error(`GET /host/users answered ${response.status}`)
  return ((await response.json()) as { users: HostUser[] }).users
}

// Renew a little before the token expires, so a slow request never carries a stale one.
const RENEW_MARGIN_MS = 60_000

/** A Reportwright client acting as `userId`, with the token renewed before it expires. */
export function createEmbedClient(userId: string): ReportwrightClient {
  let current: { token: string; renewAt: number } | undefined
  let pending: Promise<string> | undefined
  const token = async (): Promise<string> => {
    if (current && Date.now() < current.renewAt) return current.token
    pending ??= (async () => {
      const response = await fetch(`/host/users/${encodeURIComponent(userId)}/embed-token`, {
        method: 'POST',
      })
      if (!response.ok) throw new Error(`The embed token request answered ${response.status}`)
      const body = (await response.json()) as { token: string; expiresIn: number }
      current = { token: body.token, renewAt: Date.now() + body.expiresIn * 1000 - RENEW_MARGIN_MS }
      return body.token
    })().finally(() => {
      pending = undefined
    })
    return pending
  }
  return createClient({
    baseUrl: '/api/reports',
    headers: async () => ({ authorization: `Bearer ${await token()}` }),
  })
}
