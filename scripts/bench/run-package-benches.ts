import { spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'

/** A workspace package with a `bench` script. */
export interface BenchPackage {
  readonly name: string
  readonly dir: string
  readonly script: string
}

/** How one package's bench went. */
export interface BenchRun {
  readonly pkg: BenchPackage
  readonly exitCode: number
  readonly seconds: number
  /** Everything it printed on stdout, for the summary and for results with no JSON. */
  readonly stdout: string
  readonly stderrTail: string
  readonly loadBefore: readonly number[]
}

/** Data first, consumers last: the table core creates is read by the renderers' bench. */
const ORDER = ['core', 'renderers', 'adapters', 'scheduler', 'react']

/** Packages with a `bench` script, in the order they should run. */
export function benchPackages(root: string): BenchPackage[] {
  const found: BenchPackage[] = []
  for (const dir of readdirSync(join(root, 'packages'))) {
    const file = join(root, 'packages', dir, 'package.json')
    if (!existsSync(file)) continue
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
      name: string
      scripts?: Record<string, string>
    }
    const script = manifest.scripts?.bench
    if (script) found.push({ name: manifest.name, dir: join(root, 'packages', dir), script })
  }
  const rank = (pkg: BenchPackage): number => {
    const index = ORDER.indexOf(pkg.dir.split('/').at(-1) ?? '')
    return index === -1 ? ORDER.length : index
  }
  return found.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
}

/** The bench files a script names (`bench/….ts`) that do not exist yet, e.g. a bench in progress. */
export function missingBenchFiles(pkg: BenchPackage): string[] {
  const named = pkg.script.match(/\bbench\/[\w./-]+\.(?:ts|mts|js|mjs)\b/g) ?? []
  return named.filter((file) => !existsSync(join(pkg.dir, file)))
}

/**
 * Runs one package's bench with `pnpm --filter`, echoing its output live and keeping stdout.
 * `env` adds variables (e.g. shorter runs in quick mode) unless the caller already set them.
 */
export function runPackageBench(
  pkg: BenchPackage,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<BenchRun> {
  const started = performance.now()
  const loadBefore = os.loadavg()
  const child = spawn('pnpm', ['--filter', pkg.name, 'run', 'bench', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, ...process.env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    process.stdout.write(chunk)
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
    process.stderr.write(chunk)
  })
  return new Promise((resolve) => {
    child.on('close', (code) =>
      resolve({
        pkg,
        exitCode: code ?? 1,
        seconds: (performance.now() - started) / 1000,
        stdout,
        stderrTail: stderr.trim().split('\n').slice(-8).join('\n'),
        loadBefore,
      }),
    )
  })
}
