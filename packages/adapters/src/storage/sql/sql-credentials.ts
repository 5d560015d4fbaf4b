import { ReportwrightError } from '@reportwright/core'
import type { RequestContext } from '@reportwright/core'
import { assertMayWrite, isReportEditor } from './report-access'
import type { SqlAuditLog } from './sql-audit-log'
import { decryptSecret, encryptSecret } from './credentials-cipher'
import type { CredentialKey, CredentialKeyRing } from './credentials-cipher'
import { toDate } from './sql-engine'
import type { SqlRuntime } from './sql-runtime'
import { tenantIs, tenantValue } from './sql-runtime'

/** A stored credential as reads show it: never the secret. */
export interface CredentialInfo {
  readonly name: string
  /** The id of the key that encrypts it (rotation progress). */
  readonly keyId: string
  readonly updatedAt: Date
}

/** Data-source credentials a host stores, encrypted at rest with AES-256-GCM. */
export interface SqlCredentialStore {
  /** Stores (or replaces) a secret for the context's tenant. Needs manager, admin or owner. */
  set(ctx: RequestContext, name: string, secret: string): Promise<void>
  /** Names, key ids and dates of the tenant's credentials; never the secrets. */
  list(ctx: RequestContext): Promise<readonly CredentialInfo[]>
  /**
   * Decrypts one secret so the host can open a connection (server side only; never send it to a
   * browser). `undefined` when the tenant has no credential of that name.
   */
  reveal(ctx: RequestContext, name: string): Promise<string | undefined>
  delete(ctx: RequestContext, name: string): Promise<void>
  /** Re-encrypts every value not under the current key; returns how many changed. */
  rotate(): Promise<number>
}

/** The credential store of {@link sqlStorage}; without a key ring every call throws. */
export function sqlCredentialStore(
  runtime: SqlRuntime,
  audit: SqlAuditLog,
  ring: CredentialKeyRing | undefined,
): SqlCredentialStore {
  const { db, table } = runtime
  const keyRing = (): CredentialKeyRing => {
    if (!ring) {
      throw new ReportwrightError({
        code: 'FORBIDDEN',
        message:
          '[reportwright] [sql] No credential keys: pass `credentialKeys: { current: { id, key } }` to sqlStorage to store credentials.',
      })
    }
    return ring
  }
  const keyById = (id: string): CredentialKey | undefined =>
    [keyRing().current, ...(keyRing().previous ?? [])].find((key) => key.id === id)
  // The row key doubles as the AEAD associated data: a value copied to another row fails to open.
  const rowKey = (tenantId: string | null, name: string) => JSON.stringify([tenantId, name])
  const checkName = (name: string) => {
    if (!/^[A-Za-z0-9_.:-]{1,200}$/.test(name)) {
      throw new ReportwrightError({
        code: 'INVALID_DEFINITION',
        message: 'Credential names use letters, digits, `_`, `.`, `:` or `-` (200 at most).',
      })
    }
  }
  const assertManager = (ctx: RequestContext) => {
    assertMayWrite(ctx, 'manage credentials')
    if (!isReportEditor(ctx)) {
      throw new ReportwrightError({
        code: 'FORBIDDEN',
        message: 'Only a manager, admin or owner may manage data-source credentials.',
      })
    }
  }

  return {
    async set(ctx, name, secret) {
      checkName(name)
      assertManager(ctx)
      const { current } = keyRing()
      const key = rowKey(tenantValue(ctx), name)
      const ciphertext = encryptSecret(current, secret, key)
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom(table('credentials')).where('credential_key', '=', key).execute()
        await trx
          .insertInto(table('credentials'))
          .values({
            credential_key: key,
            tenant_id: tenantValue(ctx),
            name,
            key_id: current.id,
            ciphertext,
            updated_at: runtime.now().getTime(),
          })
          .execute()
        await audit.record(trx, ctx, { action: 'credential.set', details: { name } })
      })
    },
    async list(ctx) {
      const rows = (await db
        .selectFrom(table('credentials'))
        .select(['name', 'key_id', 'updated_at'])
        .where(tenantIs(ctx))
        .orderBy('name', 'asc')
        .execute()) as { name: string; key_id: string; updated_at: unknown }[]
      return rows.map((row) => ({
        name: row.name,
        keyId: row.key_id,
        updatedAt: toDate(row.updated_at) ?? new Date(0),
      }))
    },
    async reveal(ctx, name) {
      checkName(name)
      const key = rowKey(tenantValue(ctx), name)
      const row = (await db
        .selectFrom(table('credentials'))
        .select(['key_id', 'ciphertext'])
        .where('credential_key', '=', key)
        .executeTakeFirst()) as { key_id: string; ciphertext: string } | undefined
      if (!row) return undefined
      const cryptoKey = keyById(row.key_id)
      if (!cryptoKey) {
        throw new ReportwrightError({
          code: 'FORBIDDEN',
          message: `[reportwright] [sql] Credential "${name}" is encrypted with key "${row.key_id}", which is not in the key ring: add it to \`previous\`.`,
        })
      }
      const secret = decryptSecret(cryptoKey, row.ciphertext, key)
      await audit.record(db, ctx, { action: 'credential.use', details: { name } })
      return secret
    },
    async delete(ctx, name) {
      checkName(name)
      assertManager(ctx)
      await db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom(table('credentials'))
          .where('credential_key', '=', rowKey(tenantValue(ctx), name))
          .execute()
        await audit.record(trx, ctx, { action: 'credential.delete', details: { name } })
      })
    },
    async rotate() {
      const { current } = keyRing()
      const rows = (await db
        .selectFrom(table('credentials'))
        .select(['credential_key', 'key_id', 'ciphertext'])
        .where('key_id', '!=', current.id)
        .execute()) as { credential_key: string; key_id: string; ciphertext: string }[]
      let changed = 0
      for (const row of rows) {
        const oldKey = keyById(row.key_id)
        if (!oldKey) continue
        const secret = decryptSecret(oldKey, row.ciphertext, row.credential_key)
        const result = await db
          .updateTable(table('credentials'))
          .set({
            key_id: current.id,
            ciphertext: encryptSecret(current, secret, row.credential_key),
          })
          .where('credential_key', '=', row.credential_key)
          .where('key_id', '=', row.key_id)
          .executeTakeFirst()
        changed += Number(result.numUpdatedRows)
      }
      return changed
    },
  }
}
