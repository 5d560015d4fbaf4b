/**
 * Every TypeScript code block in the documentation compiles.
 *
 * Which blocks: every fenced block tagged `ts`, `typescript` or `tsx` in `docs/**\/*.md`
 * (except the generated `docs/api/`), `packages/*\/README.md`, `examples/*\/README.md` and the
 * root `README.md`. Each block becomes its own module in `tests/.snippets/` (gitignored; inside
 * the repository so that workspace packages resolve), and all of them are type-checked in one
 * TypeScript program: strict, module and moduleResolution `Bundler`, the
 * `@reportwright/source` condition (packages are read from source, no build needed),
 * `jsx: react-jsx`, DOM and ES2023 libraries.
 *
 * Conventions (also in docs/CONTRIBUTING-docs.md):
 * - A block may declare what it needs but does not show, with ordinary `declare` lines:
 *   `declare const engine: ReportEngine`.
 * - Setup a reader should not see goes into an HTML comment right before the block:
 *   `<!-- snippet-setup ... -->`. Its lines are put in front of the block's code.
 * - `ts nocheck` skips a block. It is for shell-ish pseudo code only; `MAX_SKIPPED` caps it.
 * - Each block is a module of its own: it cannot see another block's names.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { existsSync, realpathSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const snippetDir = join(import.meta.dirname, '.snippets')
const CHECKED_LANGUAGES = new Set(['ts', 'typescript', 'tsx'])
/** Blocks marked `nocheck` in the whole documentation; raise it only for shell-ish pseudo code. */
const MAX_SKIPPED = 0

interface Snippet {
  /** Markdown file, relative to the repository root. */
  readonly source: string
  /** 1-based line of the block's first code line in the markdown file. */
  readonly line: number
  readonly tsx: boolean
  readonly setup: readonly string[]
  readonly code: readonly string[]
}

interface Extracted {
  readonly snippets: Snippet[]
  readonly skipped: { source: string; line: number }[]
}

function markdownFiles(): string[] {
  const files: string[] = []
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (path !== join(root, 'docs', 'api')) walk(path)
      } else if (entry.name.endsWith('.md')) files.push(path)
    }
  }
  walk(join(root, 'docs'))
  for (const group of ['packages', 'examples']) {
    for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
      const readme = join(root, group, entry.name, 'README.md')
      if (entry.isDirectory() && existsSync(readme)) files.push(readme)
    }
  }
  files.push(join(root, 'README.md'))
  return files.sort()
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/
const SETUP_OPEN = /^\s*<!--\s*snippet-setup\s*$/

function extract(file: string): Extracted {
  const source = relative(root, file)
  const lines = readFileSync(file, 'utf8').split('\n')
  const snippets: Snippet[] = []
  const skipped: Extracted['skipped'] = []
  let setup: string[] | undefined
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? ''
    if (SETUP_OPEN.test(line)) {
      const end = lines.findIndex((candidate, at) => at > index && candidate.trim() === '-->')
      if (end < 0) throw new Error(`${source}:${index + 1}: snippet-setup comment is not closed`)
      setup = lines.slice(index + 1, end)
      index = end
      continue
    }
    const fence = FENCE.exec(line)
    if (!fence) {
      if (line.trim() !== '') setup = undefined // a setup comment binds to the next block only
      continue
    }
    const [, indent = '', marker = '', language = '', flags = ''] = fence
    const close = lines.findIndex(
      (candidate, at) =>
        at > index && candidate.trim().startsWith(marker) && candidate.trim() === marker,
    )
    if (close < 0) throw new Error(`${source}:${index + 1}: code fence is not closed`)
    const code = lines.slice(index + 1, close).map((codeLine) => codeLine.slice(indent.length))
    if (CHECKED_LANGUAGES.has(language)) {
      if (/\bnocheck\b/.test(flags)) skipped.push({ source, line: index + 1 })
      else
        snippets.push({
          source,
          line: index + 2,
          tsx: language === 'tsx',
          setup: setup ?? [],
          code,
        })
    }
    setup = undefined
    index = close
  }
  return { snippets, skipped }
}

/** `pg`, `@aws-sdk/client-s3`, `@reportwright/core` from `pg/lib/x`, `@reportwright/core/model`. */
function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('/')) {
    return undefined
  }
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

function importedPackages(snippets: readonly Snippet[]): Set<string> {
  const names = new Set<string>(['@types/node'])
  const pattern = /(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g
  for (const snippet of snippets) {
    if (snippet.tsx) names.add('react')
    for (const match of [...snippet.setup, ...snippet.code].join('\n').matchAll(pattern)) {
      const name = packageName(match[1] ?? '')
      if (name) names.add(name)
    }
  }
  return names
}

/**
 * Gives the snippet folder a node_modules of its own: workspace packages (`packages/*`,
 * `examples/*`) link to their folders (read through the source condition), anything else to the
 * copy pnpm installed for the workspace, with its `@types` package when there is one.
 */
/** Workspace package name → folder, for `packages/*` and `examples/*`. */
function workspacePackages(): Map<string, string> {
  const folders = new Map<string, string>()
  for (const group of ['packages', 'examples']) {
    for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
      const manifest = join(root, group, entry.name, 'package.json')
      if (!entry.isDirectory() || !existsSync(manifest)) continue
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }
      if (name) folders.set(name, join(root, group, entry.name))
    }
  }
  return folders
}

function linkPackages(names: ReadonlySet<string>): void {
  const workspace = workspacePackages()
  const pnpmHoisted = join(root, 'node_modules', '.pnpm', 'node_modules')
  const link = (name: string, target: string): void => {
    const at = join(snippetDir, 'node_modules', name)
    mkdirSync(dirname(at), { recursive: true })
    if (!existsSync(at)) symlinkSync(realpathSync(target), at, 'dir')
  }
  for (const name of names) {
    const workspaceFolder = workspace.get(name)
    if (workspaceFolder) {
      link(name, workspaceFolder)
      continue
    }
    const installed = [join(root, 'node_modules', name), join(pnpmHoisted, name)].find(existsSync)
    if (installed) link(name, installed)
    const typesName = `@types/${name.replace(/^@/, '').replace('/', '__')}`
    const types = [join(root, 'node_modules', typesName), join(pnpmHoisted, typesName)].find(
      existsSync,
    )
    if (types && !name.startsWith('@types/')) link(typesName, types)
  }
}

function compilerOptions(): ts.CompilerOptions {
  const base = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile)
  const { options } = ts.convertCompilerOptionsFromJson(base.config.compilerOptions, root)
  return {
    ...options,
    strict: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: ['@reportwright/source'],
    jsx: ts.JsxEmit.ReactJSX,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['node'],
    typeRoots: [join(snippetDir, 'node_modules', '@types')],
    noEmit: true,
    declaration: false,
    declarationMap: false,
  }
}

function snippetFileName(snippet: Snippet, index: number): string {
  const slug = snippet.source.replace(/[^A-Za-z0-9]+/g, '-').replace(/-md$/, '')
  return join(snippetDir, `${slug}-${snippet.line}-${index}.${snippet.tsx ? 'tsx' : 'ts'}`)
}

function describeDiagnostic(
  diagnostic: ts.Diagnostic,
  snippetOf: ReadonlyMap<string, Snippet>,
): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
  const file = diagnostic.file
  if (!file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`
  const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start)
  const snippet = snippetOf.get(file.fileName)
  if (!snippet)
    return `${relative(root, file.fileName)}:${line + 1}: TS${diagnostic.code}: ${message}`
  const inSetup = line < snippet.setup.length
  const where = inSetup
    ? `${snippet.source}: snippet-setup of the block at line ${snippet.line}, setup line ${line + 1}`
    : `${snippet.source}:${snippet.line + line - snippet.setup.length}:${character + 1}`
  return `${where}: TS${diagnostic.code}: ${message}`
}

const extracted = markdownFiles().map(extract)
const snippets = extracted.flatMap((file) => file.snippets)
const skipped = extracted.flatMap((file) => file.skipped)

let keepSnippetDir = false

describe('documentation code blocks', () => {
  afterAll(() => {
    // Kept when a check failed, so the generated modules can be opened; removed otherwise.
    if (!keepSnippetDir) rmSync(snippetDir, { recursive: true, force: true })
  })

  it('finds the blocks and skips only the allowed few', () => {
    expect(snippets.length).toBeGreaterThan(20)
    console.info(
      `docs snippets: ${snippets.length} checked, ${skipped.length} skipped (nocheck)` +
        skipped.map((block) => `\n  ${block.source}:${block.line}`).join(''),
    )
    expect(skipped.length).toBeLessThanOrEqual(MAX_SKIPPED)
  })

  it('type-check as modules of their own against the public exports', () => {
    rmSync(snippetDir, { recursive: true, force: true })
    mkdirSync(snippetDir, { recursive: true })
    // A package nobody installed shows up below as "Cannot find module", with its block's line.
    linkPackages(importedPackages(snippets))

    const snippetOf = new Map<string, Snippet>()
    snippets.forEach((snippet, index) => {
      const fileName = snippetFileName(snippet, index)
      // `export {}` makes a block without imports a module too, so blocks never share names.
      writeFileSync(fileName, [...snippet.setup, ...snippet.code, 'export {}', ''].join('\n'))
      snippetOf.set(fileName, snippet)
    })

    const program = ts.createProgram({
      rootNames: [...snippetOf.keys()],
      options: compilerOptions(),
    })
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => !diagnostic.file || snippetOf.has(diagnostic.file.fileName))
      .map((diagnostic) => describeDiagnostic(diagnostic, snippetOf))
    keepSnippetDir = problems.length > 0
    expect(problems, problems.join('\n')).toEqual([])
  })
})
