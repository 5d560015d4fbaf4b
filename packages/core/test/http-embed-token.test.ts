import { SignJWT, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { signEmbedToken, verifyEmbedToken } from '../src/auth/embed-token'
import type { EmbedTokenAlgorithm, EmbedTokenKey } from '../src/auth/embed-token'
import { isReportwrightError } from '../src/errors/reportwright-error'

const issuer = 'https://host.example.com'
const audience = 'reportwright'
const secret = 'a-test-secret-that-is-long-enough-0123456789'
const claims = {
  userId: 'alice',
  tenantId: 'acme',
  roles: ['manager'],
  locale: 'de-DE',
  timezone: 'Europe/Berlin',
  capabilities: { formats: ['csv' as const], canSchedule: false },
}

async function refusal(promise: Promise<unknown>): Promise<{ message: string; reason: unknown }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  if (!isReportwrightError(error)) throw new Error('expected a ReportwrightError')
  return { message: error.message, reason: error.details?.reason }
}

describe('embed tokens', () => {
  it.each<[EmbedTokenAlgorithm, () => Promise<{ sign: EmbedTokenKey; verify: EmbedTokenKey }>]>([
    ['HS256', async () => ({ sign: secret, verify: secret })],
    [
      'EdDSA',
      async () => {
        const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
        return { sign: pair.privateKey, verify: pair.publicKey }
      },
    ],
    [
      'RS256',
      async () => {
        const pair = await generateKeyPair('RS256', { modulusLength: 2048 })
        return { sign: pair.privateKey, verify: pair.publicKey }
      },
    ],
  ])(
    '%s: what is signed is verified back into a context with capabilities',
    async (algorithm, keys) => {
      const { sign, verify } = await keys()
      const token = await signEmbedToken(claims, { key: sign, algorithm, issuer, audience })
      const context = await verifyEmbedToken(token, {
        key: verify,
        algorithms: [algorithm],
        issuer,
        audience,
      })
      expect(context).toEqual(claims)
    },
  )

  it('reads a numeric expiresIn as a lifetime in seconds', async () => {
    const token = await signEmbedToken(
      { userId: 'alice', tenantId: 'acme', roles: ['user'] },
      { key: secret, algorithm: 'HS256', issuer, audience, expiresIn: 600 },
    )
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      iat: number
      exp: number
    }
    expect(payload.exp - payload.iat).toBe(600)
    const verified = await verifyEmbedToken(token, {
      key: secret,
      algorithms: ['HS256'],
      issuer,
      audience,
    })
    expect(verified.userId).toBe('alice')
  })

  it('refuses a token signed with an algorithm the verifier does not accept', async () => {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519' })
    const token = await signEmbedToken(claims, {
      key: pair.privateKey,
      algorithm: 'EdDSA',
      issuer,
      audience,
    })
    const other = await generateKeyPair('RS256', { modulusLength: 2048 })
    const refused = await refusal(
      verifyEmbedToken(token, { key: other.publicKey, algorithms: ['RS256'], issuer, audience }),
    )
    expect(refused).toEqual({
      message: 'The embed token was refused: its signing algorithm is not allowed.',
      reason: 'UNAUTHENTICATED',
    })
  })

  it('refuses to verify HS256 with a public key (algorithm confusion) and short secrets', async () => {
    const pair = await generateKeyPair('RS256', { modulusLength: 2048 })
    const confused = await refusal(
      verifyEmbedToken('x.y.z', { key: pair.publicKey, algorithms: ['HS256'], issuer, audience }),
    )
    expect(confused.message).toMatch(/HS256 needs a secret key/)
    const short = await refusal(
      signEmbedToken(claims, { key: 'short', algorithm: 'HS256', issuer, audience }),
    )
    expect(short.message).toMatch(/at least 32 bytes/)
    const none = await refusal(
      signEmbedToken(claims, {
        key: secret,
        algorithm: 'none' as EmbedTokenAlgorithm,
        issuer,
        audience,
      }),
    )
    expect(none.message).toMatch(/"none" is not allowed/)
  })

  it('tolerates a few seconds of clock skew, not more', async () => {
    const issuedAt = new Date('2025-03-15T12:00:00Z')
    const token = await new SignJWT({ roles: ['user'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime(Math.floor(issuedAt.getTime() / 1000) + 60)
      .sign(new TextEncoder().encode(secret))
    const at = (seconds: number) => ({
      key: secret,
      algorithms: ['HS256' as const],
      issuer,
      audience,
      clock: { now: () => new Date(issuedAt.getTime() + seconds * 1000) },
    })
    await expect(verifyEmbedToken(token, at(63))).resolves.toMatchObject({ userId: 'alice' })
    expect((await refusal(verifyEmbedToken(token, at(70)))).message).toBe(
      'The embed token has expired.',
    )
  })

  it('refuses a validly signed token whose claims are malformed', async () => {
    const token = await new SignJWT({ roles: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret))
    const refused = await refusal(
      verifyEmbedToken(token, { key: secret, algorithms: ['HS256'], issuer, audience }),
    )
    expect(refused).toEqual({
      message: 'The embed token carries invalid claims.',
      reason: 'UNAUTHENTICATED',
    })
  })
})
