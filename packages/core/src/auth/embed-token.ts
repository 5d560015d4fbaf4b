import { SignJWT, errors as joseErrors, jwtVerify } from 'jose'
import type { CryptoKey, KeyObject } from 'jose'
import * as z from 'zod'
import type { RequestContext } from '../context/request-context'
import { ReportwrightError } from '../errors/reportwright-error'
import { ReportCapabilitiesSchema } from '../http/api-schemas'
import type { ReportCapabilities } from '../http/api-schemas'
import { unauthenticatedError } from './unauthenticated-error'

/** Signing algorithms an embed token may use; `none` and everything else are refused. */
export const EMBED_TOKEN_ALGORITHMS = ['HS256', 'EdDSA', 'RS256'] as const
/** One of {@link EMBED_TOKEN_ALGORITHMS}. */
export type EmbedTokenAlgorithm = (typeof EMBED_TOKEN_ALGORITHMS)[number]

/**
 * A signing or verification key: a secret of at least 32 bytes for HS256 (bytes or a string), a
 * private key (signing) or public key (verifying) for EdDSA / RS256.
 */
export type EmbedTokenKey = Uint8Array | string | CryptoKey | KeyObject

/** Who the token speaks for: a request context, plus what the host lets this user do. */
export interface EmbedTokenClaims extends RequestContext {
  readonly capabilities?: ReportCapabilities
}

/** Options of {@link signEmbedToken}. */
export interface SignEmbedTokenOptions {
  readonly key: EmbedTokenKey
  readonly algorithm: EmbedTokenAlgorithm
  /** The `iss` claim: who hands out the token (the host's app). */
  readonly issuer: string
  /** The `aud` claim: the API that accepts it. */
  readonly audience: string
  /** Lifetime in seconds, or a jose time span such as `'10m'`. Defaults to `'10m'`. */
  readonly expiresIn?: number | string
}

/** Options of {@link verifyEmbedToken}. */
export interface VerifyEmbedTokenOptions {
  readonly key: EmbedTokenKey
  /** The algorithms accepted; a token signed otherwise (or with `alg: none`) is refused. */
  readonly algorithms: readonly EmbedTokenAlgorithm[]
  readonly issuer: string
  readonly audience: string
  /** Clock skew tolerated on `exp`, `nbf` and `iat`, in seconds. Defaults to 5. */
  readonly clockToleranceSeconds?: number
  /** Source of "now". Defaults to the system clock. */
  readonly clock?: { now(): Date }
}

const MIN_SECRET_BYTES = 32

const ClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  tid: z.string().min(1).max(200).optional(),
  roles: z.array(z.string().min(1).max(64)).max(50),
  locale: z.string().min(1).max(35).optional(),
  tz: z.string().min(1).max(64).optional(),
  caps: ReportCapabilitiesSchema.optional(),
})

/**
 * Signs a short-lived JWT that hands a signed-in customer to the embedded wizard: the host's
 * server calls it, the browser carries the token, and {@link verifyEmbedToken} reads it back.
 *
 * @example
 * ```ts
 * const token = await signEmbedToken(
 *   { userId: user.id, tenantId: org.id, roles: ['user'], capabilities: { formats: ['csv', 'xlsx'] } },
 *   { key: secret, algorithm: 'HS256', issuer: 'https://app.example.com', audience: 'reportwright' },
 * )
 * ```
 */
export async function signEmbedToken(
  claims: EmbedTokenClaims,
  options: SignEmbedTokenOptions,
): Promise<string> {
  const payload = {
    roles: [...claims.roles],
    ...(claims.tenantId !== undefined ? { tid: claims.tenantId } : {}),
    ...(claims.locale !== undefined ? { locale: claims.locale } : {}),
    ...(claims.timezone !== undefined ? { tz: claims.timezone } : {}),
    ...(claims.capabilities !== undefined ? { caps: claims.capabilities } : {}),
  }
  const parsed = ClaimsSchema.safeParse({ sub: claims.userId, ...payload })
  if (!parsed.success)
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message: `Cannot sign an embed token: ${parsed.error.issues[0]?.message ?? 'invalid claims'}`,
    })
  return (
    new SignJWT(payload)
      .setProtectedHeader({ alg: assertAlgorithm(options.algorithm), typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setIssuedAt()
      // jose reads a number as an absolute epoch time; ours is a lifetime in seconds.
      .setExpirationTime(
        typeof options.expiresIn === 'number'
          ? `${options.expiresIn}s`
          : (options.expiresIn ?? '10m'),
      )
      .sign(keyFor(options.key, options.algorithm))
  )
}

/**
 * Verifies an embed token and returns the context (and capabilities) it carries. `exp` is
 * required, `iss` and `aud` must match, only `algorithms` are accepted.
 *
 * @throws ReportwrightError `FORBIDDEN` with `details.reason: 'UNAUTHENTICATED'` (HTTP 401).
 */
export async function verifyEmbedToken(
  token: string,
  options: VerifyEmbedTokenOptions,
): Promise<EmbedTokenClaims> {
  if (options.algorithms.length === 0)
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: 'verifyEmbedToken needs at least one algorithm.',
    })
  const algorithms = options.algorithms.map(assertAlgorithm)
  // HS256 with an asymmetric key (or the reverse) is the classic confusion attack: one family only.
  const symmetric = isSecret(options.key)
  if (algorithms.some((alg) => (alg === 'HS256') !== symmetric))
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: 'verifyEmbedToken: HS256 needs a secret key and EdDSA/RS256 a public key.',
    })
  let payload: unknown
  try {
    const result = await jwtVerify(token, keyFor(options.key, algorithms[0] ?? 'HS256'), {
      algorithms,
      issuer: options.issuer,
      audience: options.audience,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: options.clockToleranceSeconds ?? 5,
      ...(options.clock ? { currentDate: options.clock.now() } : {}),
    })
    payload = result.payload
  } catch (error) {
    throw unauthenticatedError(describeJoseError(error))
  }
  const claims = ClaimsSchema.safeParse(payload)
  if (!claims.success) throw unauthenticatedError('The embed token carries invalid claims.')
  const { sub, tid, roles, locale, tz, caps } = claims.data
  return {
    userId: sub,
    roles,
    ...(tid !== undefined ? { tenantId: tid } : {}),
    ...(locale !== undefined ? { locale } : {}),
    ...(tz !== undefined ? { timezone: tz } : {}),
    ...(caps !== undefined ? { capabilities: caps } : {}),
  }
}

function assertAlgorithm(algorithm: string): EmbedTokenAlgorithm {
  if (!(EMBED_TOKEN_ALGORITHMS as readonly string[]).includes(algorithm))
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: `Embed tokens use ${EMBED_TOKEN_ALGORITHMS.join(', ')}; "${algorithm}" is not allowed.`,
    })
  return algorithm as EmbedTokenAlgorithm
}

function isSecret(key: EmbedTokenKey): key is Uint8Array | string {
  return typeof key === 'string' || key instanceof Uint8Array
}

function keyFor(
  key: EmbedTokenKey,
  algorithm: EmbedTokenAlgorithm,
): Uint8Array | CryptoKey | KeyObject {
  if (!isSecret(key)) return key
  if (algorithm !== 'HS256')
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: `${algorithm} embed tokens need a key pair, not a shared secret.`,
    })
  const bytes = typeof key === 'string' ? new TextEncoder().encode(key) : key
  if (bytes.byteLength < MIN_SECRET_BYTES)
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: `An HS256 embed token secret needs at least ${MIN_SECRET_BYTES} bytes.`,
    })
  return bytes
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The embed token has expired.'
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `The embed token was refused: its "${error.claim}" claim does not match.`
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'The embed token was refused: its signing algorithm is not allowed.'
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return 'The embed token was refused: its signature is invalid.'
  return 'The embed token is not valid.'
}
