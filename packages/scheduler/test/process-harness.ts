import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const children: ChildProcess[] = []

/** A child process running one fixture script; `lines` collects the JSON lines it printed. */
export interface FixtureProcess {
  readonly child: ChildProcess
  readonly lines: Record<string, unknown>[]
  readonly exited: Promise<number | null>
  waitFor(predicate: (line: Record<string, unknown>) => boolean): Promise<void>
}

/** Forks `test/fixtures/<script>` as its own Node process (tsx, sources of the workspace). */
export function startFixtureProcess(script: string, env: Record<string, string>): FixtureProcess {
  const path = fileURLToPath(new URL(`./fixtures/${script}`, import.meta.url))
  const child = fork(path, [], {
    execArgv: ['--conditions=@reportwright/source', '--import', 'tsx'],
    cwd: packageDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  children.push(child)
  const lines: Record<string, unknown>[] = []
  const waiters: { predicate: (line: Record<string, unknown>) => boolean; resolve: () => void }[] =
    []
  let buffer = ''
  let errors = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString()
    let newline: number
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline)
      buffer = buffer.slice(newline + 1)
      try {
        const line = JSON.parse(text) as Record<string, unknown>
        lines.push(line)
        for (const waiter of waiters.filter((w) => w.predicate(line))) waiter.resolve()
      } catch {
        // Not ours (a library's log line).
      }
    }
  })
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(errors)
      resolve(code)
    }),
  )
  return {
    child,
    lines,
    exited,
    waitFor: (predicate) =>
      lines.some(predicate)
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ predicate, resolve })),
  }
}

/** Kills every fixture process still running (test teardown). */
export function killFixtureProcesses(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
}
