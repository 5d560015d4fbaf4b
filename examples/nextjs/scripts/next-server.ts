// Builds the app when its build is missing or older than its sources, and runs `next start`.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const APP_DIR = fileURLToPath(new URL('..', import.meta.url))
const NEXT_BIN = createRequire(join(APP_DIR, 'package.json')).resolve('next/dist/bin/next')
const BUILD_ID = join(APP_DIR, '.next', 'BUILD_ID')
/** What a build is made from: the app's own files and the built workspace packages it uses. */
const SOURCES = ['app', 'lib', 'next.config.ts', 'package.json']
const WORKSPACE_PACKAGES = ['@reportwright/core', '@reportwright/react', '@reportwright/scheduler']
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
/** Process groups started here: each child leads its own, so its workers stop with it. */
const groups = new Set<number>()

function startGroup(args: readonly string[], stdio: 'inherit' | 'pipe'): ChildProcess {
  const child = spawn(process.execPath, [NEXT_BIN, ...args], {
    cwd: APP_DIR,
    env,
    stdio: ['ignore', stdio, stdio],
    detached: true,
  })
  const pid = child.pid
  if (pid !== undefined) {
    groups.add(pid)
    child.once('exit', () => groups.delete(pid))
  }
  return child
}

/** Kills every process group this module started (a hard stop: timeouts and signals). */
export function killAll(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
}

function newestChange(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))))
}

/** True when `.next` holds a production build newer than every source it was made from. */
export function isBuildCurrent(): boolean {
  if (!existsSync(BUILD_ID)) return false
  const built = statSync(BUILD_ID).mtimeMs
  const sources = [
    ...SOURCES.map((path) => join(APP_DIR, path)),
    ...WORKSPACE_PACKAGES.map((name) =>
      join(realpathSync(join(APP_DIR, 'node_modules', name)), 'dist'),
    ),
  ]
  return sources.every((path) => newestChange(path) <= built)
}

/** Runs `next build`; resolves with how long it took, in milliseconds. */
export function buildApp(): Promise<number> {
  const started = Date.now()
  const child = startGroup(['build'], 'inherit')
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0
        ? resolve(Date.now() - started)
        : reject(new Error(`next build exited with ${code}`)),
    )
  })
}

/** A free loopback port (the OS picks one; a race with another process is unlikely). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** A running `next start`. */
export interface NextServer {
  readonly baseUrl: string
  /** Everything the server printed (stdout and stderr). */
  output(): string
  stop(): Promise<void>
}

/** Starts the production server on `port` and waits until it answers `GET /`. */
export async function startServer(port: number, timeoutMs = 60_000): Promise<NextServer> {
  const child = startGroup(['start', '--port', String(port), '--hostname', '127.0.0.1'], 'pipe')
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const baseUrl = `http://127.0.0.1:${port}`
  const server: NextServer = {
    baseUrl,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
      process.kill(-child.pid, 'SIGTERM')
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
  const until = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`next start exited with ${child.exitCode}:\n${output}`)
    try {
      const response = await fetch(`${baseUrl}/api/reports/capabilities`)
      // A 401 is an answer: the server is up (this request has no token).
      if (response.status > 0) return server
    } catch {
      // Not listening yet.
    }
    if (Date.now() > until) {
      await server.stop()
      throw new Error(`next start did not answer within ${timeoutMs} ms:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
