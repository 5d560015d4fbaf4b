import { isAbsolute, join, resolve } from 'node:path'
import { DEFAULT_DEMO_SALES } from './seed/index'

/** What the command line and the environment ask of the demo. */
export interface DemoOptions {
  /** Stop after the summary table instead of serving the embed example. */
  readonly once: boolean
  readonly help: boolean
  /** Where reports, emails and run files go. */
  readonly outputDir: string
  /** Port of the embed example. */
  readonly port: number
  /** Sales rows to generate. */
  readonly sales: number
}

/** The usage text of `pnpm demo --help`. */
export const USAGE = `Usage: pnpm demo [--once] [--help]

  --once   stop after the summary table (do not serve the embed example)
  --help   show this text

Environment:
  PORT             port of the embed example (default 3000)
  DEMO_OUTPUT_DIR  output folder (default ./demo-output where you ran pnpm)
  DEMO_SALES       sales rows to generate (default ${DEFAULT_DEMO_SALES.toLocaleString('en-US')})`

/** Thrown for a flag or variable the demo cannot use; printed without a stack trace. */
export class DemoUsageError extends Error {
  override readonly name = 'DemoUsageError'
}

/**
 * Reads flags and environment. pnpm runs package scripts in the package's folder, so the output
 * goes next to where the user typed the command: `INIT_CWD`, which pnpm sets, else the cwd.
 */
export function readDemoOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): DemoOptions {
  const known = new Set(['--once', '--help', '-h', '--build'])
  // pnpm passes `--` through when a user writes `pnpm demo -- --once`.
  const flags = argv.filter((arg) => arg !== '--')
  const unknown = flags.filter((arg) => !known.has(arg))
  if (unknown.length > 0)
    throw new DemoUsageError(`Unknown option ${unknown.join(' ')}\n\n${USAGE}`)
  const startDir = env.INIT_CWD || process.cwd()
  const outputDir = env.DEMO_OUTPUT_DIR
    ? isAbsolute(env.DEMO_OUTPUT_DIR)
      ? env.DEMO_OUTPUT_DIR
      : resolve(startDir, env.DEMO_OUTPUT_DIR)
    : join(startDir, 'demo-output')
  return {
    once: flags.includes('--once'),
    help: flags.includes('--help') || flags.includes('-h'),
    outputDir,
    port: readInteger(env, 'PORT', { fallback: 3000, min: 0, max: 65_535 }),
    sales: readInteger(env, 'DEMO_SALES', {
      fallback: DEFAULT_DEMO_SALES,
      min: 100,
      max: 2_000_000,
    }),
  }
}

function readInteger(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  range: { readonly fallback: number; readonly min: number; readonly max: number },
): number {
  const text = env[name]
  if (text === undefined || text === '') return range.fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < range.min || value > range.max)
    throw new DemoUsageError(
      `${name} must be a whole number from ${range.min} to ${range.max}; got ${JSON.stringify(text)}.`,
    )
  return value
}
