import { ReportwrightError } from '@reportwright/core'
import type { Page, PageRequest, RequestContext } from '@reportwright/core'
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { LooseDb, SqlStorageDialect } from './sql-engine'
import type { SQL_STORAGE_TABLES } from './sql-migrations'

/** What every repository of {@link sqlStorage} shares. */
export interface SqlRuntime {
  readonly db: LooseDb
  readonly dialect: SqlStorageDialect
  readonly table: (name: (typeof SQL_STORAGE_TABLES)[number]) => string
  readonly now: () => Date
  readonly newId: () => string
}

/** Page size when a request gives none. */
export const SQL_DEFAULT_PAGE_SIZE = 50
/** Largest page a request may ask for. */
export const SQL_MAX_PAGE_SIZE = 500

/** A `where` callback: `tenant_id = ctx.tenantId`, or `IS NULL` for a context without a tenant. */
export function tenantIs(
  ctx: { readonly tenantId?: string | undefined },
  column = 'tenant_id',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): (eb: ExpressionBuilder<any, any>) => Expression<SqlBool> {
  return (eb) =>
    ctx.tenantId === undefined ? eb(column, 'is', null) : eb(column, '=', ctx.tenantId)
}

/** Reads `{ limit, cursor }`: the cursor is the `seq` of the last row seen. */
export function pageBounds(page: PageRequest | undefined): {
  readonly limit: number
  readonly before: number | undefined
} {
  const limit = Math.min(
    Math.max(1, Math.floor(page?.limit ?? SQL_DEFAULT_PAGE_SIZE)),
    SQL_MAX_PAGE_SIZE,
  )
  if (page?.cursor === undefined) return { limit, before: undefined }
  if (!/^\d{1,15}$/.test(page.cursor)) {
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message: 'Invalid page cursor: pass the nextCursor of the previous page.',
    })
  }
  return { limit, before: Number(page.cursor) }
}

/** Turns `limit + 1` rows into a page with a cursor when there are more. */
export function toPage<TRow extends { readonly seq: unknown }, TItem>(
  rows: readonly TRow[],
  limit: number,
  map: (row: TRow) => TItem,
): Page<TItem> {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return {
    items: items.map(map),
    ...(rows.length > limit && last ? { nextCursor: String(Number(last.seq)) } : {}),
  }
}

/** The tenant of a context as a column value. */
export function tenantValue(ctx: RequestContext): string | null {
  return ctx.tenantId ?? null
}

/** Parses a JSON column, `undefined` for NULL. */
export function parseJson<TValue>(value: unknown): TValue | undefined {
  return value === null || value === undefined ? undefined : (JSON.parse(String(value)) as TValue)
}
