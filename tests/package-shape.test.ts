import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..')
const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .map((dir) => ({
    dir,
    pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson,
  }))
  .filter(({ pkg }) => !pkg.private)

interface PackageJson {
  name: string
  private?: boolean
  exports: Record<string, string | Record<string, unknown>>
}

describe.each(packages)('$pkg.name', ({ dir, pkg }) => {
  it('passes publint --strict on the built package', async () => {
    expect(existsSync(join(dir, 'dist')), 'build first (pnpm build)').toBe(true)
    const { messages } = await publint({ pkgDir: dir, strict: true, pack: 'pnpm' })
    const problems = messages.map(
      (message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`,
    )
    expect(problems).toEqual([])
  })

  it('has one tsup entry per export and one export per tsup entry, types first', async () => {
    const { default: config } = (await import(join(dir, 'tsup.config.ts'))) as {
      default: { entry: Record<string, string> }
    }
    const entries = Object.keys(config.entry)
      .map((name) => (name === 'index' ? '.' : `./${name}`))
      .sort()
    const exported = Object.keys(pkg.exports)
      .filter((key) => key !== './package.json' && !key.endsWith('.css'))
      .sort()
    expect(exported).toEqual(entries)
    for (const key of exported) {
      const target = pkg.exports[key] as { import: Record<string, string> }
      expect(Object.keys(target.import)[0], key).toBe('types')
      const entryName = key === '.' ? 'index' : key.slice(2)
      expect(target.import.default, key).toBe(`./dist/${entryName}.js`)
    }
  })
})
