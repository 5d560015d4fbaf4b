/**
 * `pnpm bench [--quick]`: runs every package's `bench` script one after another (never in
 * parallel: they would measure each other), collects the JSON each writes to
 * `<package>/bench-results/`, and writes docs/benchmarks.md with the machine, the versions and
 * every figure next to its baseline. Prints a summary; exits 1 when a bench failed.
 * `--collect-only` rewrites the report from the result files already there without running.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import prettier from 'prettier'
import { basename, join, resolve } from 'node:path'
import { collectResults } from './collect-results'
import type { ResultFile } from './collect-results'
import { bundleSection } from './format-bundle'
import { coreSections } from './format-core'
import { rendererSections } from './format-renderers'
import { schedulerSection } from './format-scheduler'
import { machineInfo, versions as readVersions } from './machine-info'
import { renderReport } from './render-report'
import { missingSection } from './report-section'
import type { ReportSection } from './report-section'
import { benchPackages, missingBenchFiles, runPackageBench } from './run-package-benches'
import type { BenchRun } from './run-package-benches'
import { collectStaleBundle } from './stale-bundle'

const root = resolve(import.meta.dirname, '..', '..')
const quick = process.argv.includes('--quick')
/** Rewrites the report from the result files already there, whatever their age, running nothing. */
const collectOnly = process.argv.includes('--collect-only')
const startedAt = new Date()
// File times can be a little behind the wall clock on some file systems.
const since = collectOnly ? 0 : startedAt.getTime() - 2000
const machine = machineInfo()
const versions = readVersions(root)
const notes: string[] = []

console.log(
  `${quick ? 'QUICK ' : ''}benchmarks on ${machine.cpuModel} × ${machine.cores}, load ${machine.loadAtStart.map((v) => v.toFixed(2)).join(' ')}`,
)
if (!versions.postgres) {
  const line =
    'PostgreSQL is not reachable at RW_PG_URL: the export, PDF, preview and streaming figures are skipped.'
  notes.push(line)
  console.log(line)
}

/** Extra environment per package folder for quick runs (the callers' own values win). */
const QUICK_ENV: Record<string, Record<string, string>> = {
  scheduler: { RW_BENCH_SECONDS: '10' },
}

/** Why a package's bench did not run, by package folder. */
const notRun: Record<string, string> = {}
const runs: BenchRun[] = []
const sections: ReportSection[] = []
for (const pkg of benchPackages(root)) {
  const folder = basename(pkg.dir)
  console.log(`\n=== ${pkg.name}: ${pkg.script}${quick ? ' --quick' : ''}`)
  const missing = missingBenchFiles(pkg)
  if (missing.length > 0) {
    const line = `${pkg.name} bench not run: ${missing.join(', ')} does not exist.`
    notes.push(line)
    notRun[folder] = `${pkg.name} has no bench yet (${missing.join(', ')} does not exist)`
    console.log(line)
    continue
  }
  const run = collectOnly
    ? { pkg, exitCode: 0, seconds: 0, stdout: '', stderrTail: '', loadBefore: os.loadavg() }
    : await runPackageBench(pkg, quick ? ['--quick'] : [], quick ? (QUICK_ENV[folder] ?? {}) : {})
  runs.push(run)
  if (run.exitCode !== 0)
    notes.push(
      `${pkg.name} bench failed (exit ${run.exitCode}): ${run.stderrTail.split('\n').at(-1) ?? ''}`,
    )
  const files = collectResults(root, pkg, since)
  sections.push(...sectionsFor(folder, files, run))
}

function sectionsFor(folder: string, files: readonly ResultFile[], run: BenchRun): ReportSection[] {
  const named = (name: string): unknown => files.find((f) => basename(f.file) === name)?.data
  switch (folder) {
    case 'core':
      return named('core.json') === undefined ? [] : coreSections(named('core.json'))
    case 'renderers':
      return named('renderers.json') === undefined ? [] : rendererSections(named('renderers.json'))
    case 'scheduler':
      return [schedulerSection(files[0]?.data, run.stdout)]
    case 'react': {
      const bundle = named('react-bundle.json')
      return bundle === undefined ? [] : [bundleSection(bundle)]
    }
    default:
      return files.map((f, index) => ({
        order: 80 + index,
        title: `${run.pkg.name}: ${basename(f.file)}`,
        body: `\`\`\`json\n${JSON.stringify(f.data, null, 2)}\n\`\`\``,
        summary: [`${run.pkg.name}: ${basename(f.file)} written`],
      }))
  }
}

// The wizard's size may come from a file written before this run when its bench is absent.
if (!sections.some((s) => s.order === 55)) {
  const stale = collectStaleBundle(root)
  if (stale) {
    notes.push(
      `Wizard bundle size read from react-bundle.json written ${stale.at.toISOString()}, before this run (the react bench did not write it).`,
    )
    sections.push(bundleSection(stale.data))
  }
}

/** The figures the report must always show, the package folder measuring each, and its title. */
const REQUIRED: [number, string, string][] = [
  [10, 'renderers', 'Export from PostgreSQL, end to end (CSV and XLSX)'],
  [20, 'renderers', 'PDF, end to end'],
  [30, 'core', 'Preview latency'],
  [40, 'core', 'Compile throughput'],
  [50, 'scheduler', 'Scheduler tick cost'],
  [55, 'react', 'Wizard bundle size'],
]
for (const [order, folder, title] of REQUIRED)
  if (!sections.some((s) => s.order === order)) {
    const run = runs.find((r) => basename(r.pkg.dir) === folder)
    const reason =
      notRun[folder] ??
      (run === undefined
        ? `no package "${folder}" with a bench script`
        : run.exitCode !== 0
          ? `${run.pkg.name} bench failed (exit ${run.exitCode})`
          : `${run.pkg.name} bench wrote no result for it`)
    sections.push(missingSection(order, title, reason))
  }

const finishedAt = new Date()
const markdown = renderReport({
  quick,
  startedAt,
  finishedAt,
  machine,
  loadAtEnd: os.loadavg(),
  versions,
  runs,
  sections,
  notes,
})
const docs = join(root, 'docs')
if (!existsSync(docs)) mkdirSync(docs)
const target = join(docs, 'benchmarks.md')
// Formatted like every other file, so `prettier --check .` stays green after a run.
const config = (await prettier.resolveConfig(target)) ?? {}
writeFileSync(target, await prettier.format(markdown, { ...config, parser: 'markdown' }))

console.log(`\n=== Summary${quick ? ' (QUICK run: reduced sizes)' : ''} — ratio = ours ÷ baseline`)
for (const section of [...sections].sort((a, b) => a.order - b.order))
  for (const line of section.summary) console.log(`  ${line}`)
for (const note of notes) console.log(`  note: ${note}`)
console.log(
  `\nwrote ${target} (${statSync(target).size} bytes) in ${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(0)} s`,
)
process.exitCode = runs.some((r) => r.exitCode !== 0) ? 1 : 0
