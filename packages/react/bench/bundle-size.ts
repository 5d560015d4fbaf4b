/**
 * What an app ships for `@reportwright/react`: dist/index.js bundled and minified with the
 * Reportwright packages it imports and zod (react, react-dom and Radix stay external, apps have
 * them), gzipped. The budget applies to what loads with the page; code behind a dynamic import
 * (the client's response checks, loaded only outside production) is split off as a bundler
 * would, and its size is printed too. Writes bench-results/react-bundle.json and exits 1 over
 * budget. Run `pnpm --filter @reportwright/react build` first.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const BUDGET_KB = 60
const packageDir = join(import.meta.dirname, '..')
const dist = join(packageDir, 'dist')
const entry = join(dist, 'index.js')

const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10

if (!existsSync(entry)) {
  console.error('dist/index.js is missing: run `pnpm --filter @reportwright/react build` first.')
  process.exit(1)
}

const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  splitting: true,
  outdir: join(packageDir, 'bench-results', 'bundle'),
  write: false,
  logLevel: 'silent',
  // The workspace packages resolve to their built dist, as they do for users.
  conditions: ['import', 'module', 'browser', 'default'],
  define: { 'process.env.NODE_ENV': '"production"' },
  external: ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/*', '@radix-ui/*'],
  metafile: true,
})
// What loads with the page: the entry and the chunks it imports statically (esbuild puts code
// shared with a lazy chunk, such as zod, in a chunk of its own); the rest waits for import().
const outputs = result.metafile.outputs
const entryPath = Object.keys(outputs).find((path) => outputs[path]?.entryPoint) ?? ''
const initialPaths = new Set<string>()
const visit = (path: string): void => {
  if (initialPaths.has(path)) return
  initialPaths.add(path)
  for (const imported of outputs[path]?.imports ?? [])
    if (imported.kind === 'import-statement' && !imported.external) visit(imported.path)
}
visit(entryPath)
const isInitial = (filePath: string): boolean =>
  [...initialPaths].some((path) => filePath.endsWith(path))
const jsFiles = result.outputFiles.filter((file) => file.path.endsWith('.js'))
const initialFiles = jsFiles.filter((file) => isInitial(file.path))
// Gzipped one by one, as a server sends them.
const gzipped = initialFiles.reduce(
  (sum, file) => sum + gzipSync(file.contents, { level: 9 }).byteLength,
  0,
)
const code = { byteLength: initialFiles.reduce((sum, file) => sum + file.contents.byteLength, 0) }
const lazy = jsFiles
  .filter((file) => !isInitial(file.path))
  .map((file) => ({
    bytes: file.contents.byteLength,
    gzipBytes: gzipSync(file.contents, { level: 9 }).byteLength,
  }))
const lazyGzipBytes = lazy.reduce((sum, chunk) => sum + chunk.gzipBytes, 0)

// Minified bytes each package contributes to the bundle (workspace packages by folder name).
function ownerOf(path: string): string {
  const modules = path.split('node_modules/')
  if (modules.length > 1) {
    const rest = (modules.at(-1) ?? '').split('/')
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? path)
  }
  const workspace = /^\.\.\/([^/]+)\//.exec(path)
  return workspace ? `@reportwright/${workspace[1]}` : '@reportwright/react'
}
const inputs = [...initialPaths]
  .flatMap((path) => Object.entries(outputs[path]?.inputs ?? {}))
  .reduce<Record<string, number>>((sizes, [path, input]) => {
    const owner = ownerOf(path)
    sizes[owner] = (sizes[owner] ?? 0) + input.bytesInOutput
    return sizes
  }, {})

// For reference: the package's own files, without the Reportwright packages they import.
const ownFiles = readdirSync(dist).filter((file) => file.endsWith('.js'))
const own = ownFiles.map((file) => {
  const bytes = readFileSync(join(dist, file))
  return { file, bytes: bytes.byteLength, gzipBytes: gzipSync(bytes, { level: 9 }).byteLength }
})

const report = {
  measuredAt: new Date().toISOString(),
  bundle: {
    description:
      'dist/index.js + @reportwright/* + zod bundled and minified, loaded with the page; react, react-dom, @radix-ui/* external',
    bytes: code.byteLength,
    gzipBytes: gzipped,
    gzipKB: kb(gzipped),
    budgetKB: BUDGET_KB,
    withinBudget: kb(gzipped) <= BUDGET_KB,
    minifiedBytesByPackage: inputs,
    lazyChunks: lazy.length,
    lazyGzipBytes,
    lazyGzipKB: kb(lazyGzipBytes),
  },
  packageDist: own,
}

console.log(`@reportwright/react bundle (minified, @reportwright/* included):`)
console.log(
  `  ${code.byteLength.toLocaleString('en-US')} bytes, ${kb(gzipped)} KB gzipped (budget ${BUDGET_KB} KB)`,
)
console.log(
  `  + ${lazy.length} chunk(s) loaded on demand: ${kb(lazyGzipBytes)} KB gzipped (not in the budget)`,
)
console.log('  minified bytes by package (loaded with the page):')
for (const [name, bytes] of Object.entries(inputs).sort((a, b) => b[1] - a[1]))
  console.log(`    ${name.padEnd(32)} ${bytes.toLocaleString('en-US')}`)
console.log('package dist (unminified, for reference):')
for (const file of own)
  console.log(`  ${file.file.padEnd(20)} ${kb(file.bytes)} KB, ${kb(file.gzipBytes)} KB gzipped`)

const outDir = join(packageDir, 'bench-results')
mkdirSync(outDir, { recursive: true })
writeFileSync(join(outDir, 'react-bundle.json'), `${JSON.stringify(report, null, 2)}\n`)

if (!report.bundle.withinBudget) {
  console.error(`Over budget: ${kb(gzipped)} KB gzipped > ${BUDGET_KB} KB.`)
  process.exit(1)
}
