import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'

/** The machine a run measured, taken once at the start. */
export interface MachineInfo {
  readonly cpuModel: string
  readonly cores: number
  readonly ramGb: number
  readonly os: string
  /** 1, 5 and 15 minute load averages when the run started. */
  readonly loadAtStart: readonly number[]
}

/** Versions of everything the figures depend on; `undefined` when not reachable. */
export interface Versions {
  readonly node: string
  readonly pnpm?: string
  readonly postgres?: string
  readonly mariadb?: string
  readonly gitCommit?: string
  readonly packages: Readonly<Record<string, string>>
  /** Libraries the baselines and renderers use, as installed. */
  readonly libraries: Readonly<Record<string, string>>
}

const quiet = (command: string, args: readonly string[]): string | undefined => {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim()
  } catch {
    return undefined
  }
}

function operatingSystem(): string {
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : ''
  const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(release)?.[1]
  return `${pretty ?? os.type()} (kernel ${os.release()}, ${os.arch()})`
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGb: os.totalmem() / 1024 ** 3,
    os: operatingSystem(),
    loadAtStart: os.loadavg(),
  }
}

export const pgUrl = (): string =>
  process.env.RW_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

function mariadbVersion(): string | undefined {
  const url = new URL(process.env.RW_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test')
  const args = [
    '-h',
    url.hostname,
    '-P',
    url.port || '3306',
    '-u',
    decodeURIComponent(url.username),
  ]
  if (url.password) args.push(`-p${decodeURIComponent(url.password)}`)
  return quiet('mysql', [...args, '-N', '-B', '-e', 'select version()'])
}

function packageVersions(root: string): Record<string, string> {
  const versions: Record<string, string> = {}
  for (const dir of readdirSync(join(root, 'packages'))) {
    const file = join(root, 'packages', dir, 'package.json')
    if (!existsSync(file)) continue
    const { name, version } = JSON.parse(readFileSync(file, 'utf8')) as {
      name: string
      version: string
    }
    versions[name] = version
  }
  return versions
}

/** Installed versions of the libraries on the measured paths (read from node_modules). */
function libraryVersions(root: string): Record<string, string> {
  const wanted: Record<string, string> = {
    pg: 'core',
    'pg-cursor': 'core',
    'pg-copy-streams': 'core',
    kysely: 'core',
    zod: 'core',
    exceljs: 'renderers',
    pdfkit: 'renderers',
    'csv-stringify': 'renderers',
    pptxgenjs: 'renderers',
    croner: 'scheduler',
  }
  const versions: Record<string, string> = {}
  for (const [library, owner] of Object.entries(wanted)) {
    const file = join(root, 'packages', owner, 'node_modules', library, 'package.json')
    if (existsSync(file))
      versions[library] = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
  }
  return versions
}

export function versions(root: string): Versions {
  const commit = quiet('git', ['-C', root, 'rev-parse', '--short=12', 'HEAD'])
  const dirty = quiet('git', ['-C', root, 'status', '--porcelain'])
  const postgres = quiet('psql', [pgUrl(), '-Atc', 'show server_version'])
  const mariadb = mariadbVersion()
  const pnpm = quiet('pnpm', ['--version'])
  return {
    node: process.version,
    ...(pnpm ? { pnpm } : {}),
    ...(postgres ? { postgres } : {}),
    ...(mariadb ? { mariadb } : {}),
    ...(commit ? { gitCommit: dirty ? `${commit} + uncommitted changes` : commit } : {}),
    packages: packageVersions(root),
    libraries: libraryVersions(root),
  }
}
