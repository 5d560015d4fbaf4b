import { PGlite } from '@electric-sql/pglite'
import { seedDemoDatabase } from '../src/seed/index'

/** A PGlite database holding exactly the data the demo seeds, for expected values. */
export interface SeededDatabase {
  query<T>(sql: string): Promise<readonly T[]>
  close(): Promise<void>
}

/** Seeds a fresh database like the demo does (same seed, same sales count). */
export async function openSeededDatabase(
  options: { readonly sales?: number } = {},
): Promise<SeededDatabase> {
  const db = await PGlite.create()
  await seedDemoDatabase(db, options)
  return {
    query: async <T>(sql: string) => (await db.query<T>(sql)).rows,
    close: () => db.close(),
  }
}
