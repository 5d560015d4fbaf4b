/* global Buffer, clearInterval, console, performance, process, setInterval, URL -- Node.js globals in a plain script */
// Entry of the demo. Plain JavaScript that any Node.js can parse, so an old version gets a clear
// message before anything else is loaded.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(
    `The Reportwright demo needs Node.js 20.19 or newer; this is Node.js ${process.versions.node}.\n` +
      'Install a current LTS release from https://nodejs.org (or `nvm install --lts`) and run it again.',
  )
  process.exit(1)
}

const { spawn } = await import('node:child_process')
const { fileURLToPath } = await import('node:url')
const args = process.argv.slice(2)

/** Runs `pnpm build` at the root, quietly: its output is shown only when it fails. */
async function buildPackages() {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const execPath = process.env.npm_execpath
  // Under pnpm, npm_execpath is pnpm's own script: run it with this node, no shell needed.
  const [command, prefix] =
    execPath && /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath]] : ['pnpm', []]
  const label = 'Building the packages (pnpm build; this can take a few minutes)'
  const interactive = process.stdout.isTTY === true
  const started = performance.now()
  const seconds = () => ((performance.now() - started) / 1000).toFixed(0)
  process.stdout.write(interactive ? `${label}…` : `${label}…\n`)
  const ticker = interactive
    ? setInterval(() => process.stdout.write(`\r\x1b[2K${label}… ${seconds()} s`), 1000)
    : undefined
  const output = []
  const code = await new Promise((resolve) => {
    const child = spawn(command, [...prefix, 'build'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32' && command === 'pnpm',
    })
    child.stdout.on('data', (chunk) => output.push(chunk))
    child.stderr.on('data', (chunk) => output.push(chunk))
    child.on('error', (error) => {
      output.push(Buffer.from(`Could not run pnpm: ${error.message}\n`))
      resolve(1)
    })
    child.on('close', (status) => resolve(status ?? 1))
  })
  clearInterval(ticker)
  if (interactive) process.stdout.write('\r\x1b[2K')
  if (code !== 0) {
    process.stderr.write(Buffer.concat(output))
    console.error(`\npnpm build failed (exit code ${code}); see its output above.`)
    process.exit(1)
  }
  console.log(`✓ Built the packages in ${seconds()} s\n`)
}

// `pnpm demo` at the root passes --build: the demo uses the packages' built output, as a user would.
const wantsHelp = args.includes('--help') || args.includes('-h')
if (args.includes('--build') && !wantsHelp) await buildPackages()
else if (!wantsHelp) {
  const { existsSync } = await import('node:fs')
  if (!existsSync(new URL('../packages/core/dist/index.js', import.meta.url))) {
    console.error(
      'The packages are not built yet: run `pnpm demo` at the repository root (it builds them first), or `pnpm build` once.',
    )
    process.exit(1)
  }
}

const { register } = await import('tsx/esm/api')
register()
const { main } = await import('./src/main.ts')
process.exitCode = await main(args)
