import type { SqlDialect } from '../compiler/sql-dialect'
import { postgresDialect } from '../dialect/postgres-dialect'

/**
 * The dialect of `restSource`. Reports over JSON APIs are evaluated from their plan in memory;
 * the SQL `compileReport` still produces (spelled for PostgreSQL, whose semantics the REST
 * evaluation follows) is never run and only helps logs and debugging.
 */
export const restDialect: SqlDialect = Object.freeze({ ...postgresDialect, name: 'rest' })
