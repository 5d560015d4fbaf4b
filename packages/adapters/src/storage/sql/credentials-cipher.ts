import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { ReportwrightError } from '@reportwright/core'

/** One AES-256 key: 32 bytes, with an id stored beside every value it encrypts. */
export interface CredentialKey {
  readonly id: string
  /** 32 bytes, e.g. `Buffer.from(process.env.RW_CREDENTIALS_KEY, 'base64')`. */
  readonly key: Uint8Array
}

/** The host's keys: new values use `current`; `previous` keys still decrypt old ones. */
export interface CredentialKeyRing {
  readonly current: CredentialKey
  readonly previous?: readonly CredentialKey[]
}

const VERSION = 'v1'

/** Checks a key ring: 32-byte keys, unique ids without `:`. */
export function validateKeyRing(ring: CredentialKeyRing): void {
  const keys = [ring.current, ...(ring.previous ?? [])]
  const ids = new Set<string>()
  for (const key of keys) {
    if (key.key.length !== 32 || !/^[A-Za-z0-9_.-]{1,64}$/.test(key.id) || ids.has(key.id)) {
      throw new ReportwrightError({
        code: 'INVALID_DEFINITION',
        message:
          '[reportwright] [sql] Credential keys must be 32 bytes (AES-256) with unique ids of letters, digits, `_`, `.` or `-`.',
      })
    }
    ids.add(key.id)
  }
}

/** Encrypts with AES-256-GCM; `aad` binds the value to its row so it cannot be moved. */
export function encryptSecret(key: CredentialKey, plaintext: string, aad: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key.key, iv)
  cipher.setAAD(Buffer.from(aad, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return [VERSION, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(':')
}

/** Decrypts a value made by {@link encryptSecret}; a wrong key or tampered value throws FORBIDDEN. */
export function decryptSecret(key: CredentialKey, stored: string, aad: string): string {
  const [version, iv, tag, body] = stored.split(':')
  if (version !== VERSION || !iv || !tag || body === undefined) throw tampered()
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64'))
    decipher.setAAD(Buffer.from(aad, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
      'utf8',
    )
  } catch (error) {
    throw tampered(error)
  }
}

function tampered(cause?: unknown): ReportwrightError {
  return new ReportwrightError({
    code: 'FORBIDDEN',
    message:
      '[reportwright] [sql] A stored credential could not be decrypted: it was changed, or its key is not in the key ring.',
    ...(cause !== undefined ? { cause } : {}),
  })
}
