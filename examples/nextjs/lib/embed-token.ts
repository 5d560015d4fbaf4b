// The demo's authentication: the server page signs a short-lived embed token for the signed-in
// user; the API route verifies it on every request.
import { signEmbedToken, verifyEmbedToken } from '@reportwright/core'
import type { HandlerContext } from '@reportwright/core'

/** Demo only: a real host keeps its secret (or better, an EdDSA private key) out of the code. */
const SECRET = process.env.RW_EMBED_SECRET ?? 'demo-secret-that-is-at-least-32-bytes-long'
const TOKEN = { issuer: 'https://host.example.com', audience: 'reportwright' } as const

/** Signs a token for the demo user; a real app puts its signed-in user's id, tenant and roles here. */
export function signDemoToken(): Promise<string> {
  return signEmbedToken(
    { userId: 'demo', tenantId: 'acme', roles: ['user'] },
    { key: SECRET, algorithm: 'HS256', expiresIn: '30m', ...TOKEN },
  )
}

/** Who asks: the verified `Authorization: Bearer …` token, or `undefined` (a 401). */
export async function contextFromRequest(request: Request): Promise<HandlerContext | undefined> {
  const token = request.headers.get('authorization')?.replace(/^Bearer /, '')
  if (!token) return undefined
  return verifyEmbedToken(token, { key: SECRET, algorithms: ['HS256'], ...TOKEN })
}
