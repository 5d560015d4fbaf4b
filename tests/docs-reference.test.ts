import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..')

// The reference is generated from the JSON Schema; a schema change without a regenerated,
// committed page fails here with the command that fixes it.
it('docs/reference/report-definition.md matches reportDefinitionJsonSchema', async () => {
  const result = await run('pnpm', ['--silent', 'docs:reference', '--check'], {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '0' },
  }).catch((error: { stdout?: string; stderr?: string }) => error)
  expect(`${result.stdout ?? ''}${result.stderr ?? ''}`.trim()).toBe(
    'docs/reference/report-definition.md is up to date.',
  )
})

// `pnpm docs:api` documents what typedoc.json lists; a new TypeScript subpath must be listed too.
it('typedoc.json documents every public subpath of every package', async () => {
  const { readFile, readdir } = await import('node:fs/promises')
  const typedoc = JSON.parse(await readFile(join(root, 'typedoc.json'), 'utf8')) as {
    entryPoints: string[]
  }
  const exported: string[] = []
  for (const folder of await readdir(join(root, 'packages'))) {
    const manifest = JSON.parse(
      await readFile(join(root, 'packages', folder, 'package.json'), 'utf8'),
    ) as { exports?: Record<string, unknown> }
    for (const target of Object.values(manifest.exports ?? {})) {
      const source =
        typeof target === 'object' && target !== null
          ? (target as Record<string, unknown>)['@reportwright/source']
          : undefined
      // Stylesheets and other non-code exports have no API to document.
      if (typeof source === 'string' && /\.tsx?$/.test(source)) {
        exported.push(`packages/${folder}/${source.slice(2)}`)
      }
    }
  }
  expect([...typedoc.entryPoints].sort()).toEqual(exported.sort())
})
