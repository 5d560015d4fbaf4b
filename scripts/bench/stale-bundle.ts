import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** react-bundle.json whatever its age, with when it was written; undefined when absent or unreadable. */
export function collectStaleBundle(root: string): { data: unknown; at: Date } | undefined {
  const file = join(root, 'packages', 'react', 'bench-results', 'react-bundle.json')
  if (!existsSync(file)) return undefined
  try {
    return { data: JSON.parse(readFileSync(file, 'utf8')) as unknown, at: statSync(file).mtime }
  } catch {
    return undefined
  }
}
