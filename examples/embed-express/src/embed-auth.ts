// The host's side of embedding: it signs a short-lived token for its signed-in user, and the
// Reportwright handler trusts only what that token says (user, tenant, roles, time zone).
import { signEmbedToken, verifyEmbedToken } from '@reportwright/core'
import type { HandlerContext } from '@reportwright/core'
import type { DemoUser } from './demo-users'

/** Demo only: a real host keeps its secret (or better, an EdDSA private key) out of the code. */
const SECRET = process.env.RW_EMBED_SECRET ?? 'acme-analytics-demo-secret-of-32-bytes-or-more'
const TOKEN = { issuer: 'https://acme-analytics.example', audience: 'reportwright' } as const

/** Lifetime of one embed token; the page asks for a new one before it runs out. */
export const TOKEN_LIFETIME_SECONDS = 600

/** Signs the embed token of a demo user. */
export function signDemoToken(user: DemoUser): Promise<string> {
  return signEmbedToken(
    { userId: user.id, tenantId: user.tenantId, roles: user.roles, timezone: user.timezone },
    { key: SECRET, algorithm: 'HS256', expiresIn: `${TOKEN_LIFETIME_SECONDS}s`, ...TOKEN },
  )
}

/** `getContext` of the report handler: the bearer token's claims, or `undefined` (a 401). */
export async function contextFromBearer(request: Request): Promise<HandlerContext | undefined> {
  const token = request.headers.get('authorization')?.replace(/^Bearer /, '')
  if (!token) return undefined
  return verifyEmbedToken(token, { key: SECRET, algorithms: ['HS256'], ...TOKEN })
}
