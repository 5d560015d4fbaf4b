import { copyFile, link, rm } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type { ReportEngine, RequestContext, RunResult } from '@reportwright/core'
import { bytes, count, duration, progress } from './console-output'
import type { DemoReport } from './demo-reports'

/** One file the demo produced, for the summary table. */
export interface ProducedFile {
  /** Path relative to the output folder. */
  readonly file: string
  readonly format: string
  readonly rows: number
  readonly bytes: number
  readonly ms: number
}

/** A run that did not succeed; its message is printed, not a stack trace. */
export class DemoRunError extends Error {
  override readonly name = 'DemoRunError'
}

/** The path of a stored run file in the `localFiles` folder (keys use `/`). */
export function storedPath(outputDir: string, key: string): string {
  return join(outputDir, ...key.split('/'))
}

/**
 * Runs one report through `engine.run` (query → render → store → deliver), with a progress
 * line, and gives the stored file a readable name next to the run files.
 */
export async function runDemoReport(
  engine: ReportEngine,
  report: DemoReport,
  options: { readonly context: RequestContext; readonly outputDir: string },
): Promise<{ readonly produced: ProducedFile; readonly run: RunResult }> {
  const name = String(report.definition.name)
  const status = progress(`Rendering ${name} (${report.format.toUpperCase()})`)
  const started = performance.now()
  const run = await engine.run(report.definition, {
    context: options.context,
    format: report.format,
    onProgress: ({ phase, rows }) => status.update(`${phase}, ${count(rows)} rows`),
  })
  const ms = performance.now() - started
  if (run.status !== 'succeeded' || !run.file) {
    status.done(`✗ ${name}: ${run.status}`)
    throw new DemoRunError(
      `${name} ${run.status}: ${run.error ? `${run.error.code}: ${run.error.message}` : 'no file'}`,
    )
  }
  const file = `${report.slug}${extname(run.file.key)}`
  const target = join(options.outputDir, file)
  await rm(target, { force: true })
  // A second name for the stored file, not a copy: the run history still points at the original.
  const stored = storedPath(options.outputDir, run.file.key)
  await link(stored, target).catch(() => copyFile(stored, target))
  status.done(`✓ ${file} — ${count(run.rowCount)} rows, ${bytes(run.file.size)}, ${duration(ms)}`)
  return {
    run,
    produced: { file, format: report.format, rows: run.rowCount, bytes: run.file.size, ms },
  }
}
