import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { BenchPackage } from './run-package-benches'

/** One JSON result file a package bench wrote during this run. */
export interface ResultFile {
  readonly file: string
  readonly data: unknown
}

/**
 * The JSON files `pkg`'s bench wrote since `since`: `<package>/bench-results/*.json`, and for
 * benches that still write there, `<root>/bench-results/<package folder>.json`. Older files are
 * left out so a failed bench never shows the figures of an earlier run.
 */
export function collectResults(root: string, pkg: BenchPackage, since: number): ResultFile[] {
  const folder = basename(pkg.dir)
  const candidates: string[] = []
  const own = join(pkg.dir, 'bench-results')
  if (existsSync(own))
    for (const name of readdirSync(own))
      if (name.endsWith('.json')) candidates.push(join(own, name))
  const legacy = join(root, 'bench-results', `${folder}.json`)
  if (existsSync(legacy)) candidates.push(legacy)
  const files: ResultFile[] = []
  for (const file of candidates) {
    if (statSync(file).mtimeMs < since) continue
    try {
      files.push({ file, data: JSON.parse(readFileSync(file, 'utf8')) as unknown })
    } catch {
      // A half-written or foreign file is reported as missing rather than failing the run.
    }
  }
  return files
}
