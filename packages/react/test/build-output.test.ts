// @vitest-environment node
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createElement, type ComponentType, type ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { beforeAll, describe, expect, it } from 'vitest'
import { scopedSelectorProblems } from './css-selectors'

const packageDir = join(import.meta.dirname, '..')
const dist = join(packageDir, 'dist')

// `pnpm test` builds every package first; a bare `vitest run` builds this one when needed.
function ensureBuilt(): void {
  if (existsSync(join(dist, 'index.js')) && existsSync(join(dist, 'styles.css'))) return
  try {
    execFileSync('pnpm', ['run', 'build'], { cwd: packageDir, stdio: 'pipe', timeout: 240_000 })
  } catch (error) {
    const output = (error as { stdout?: Buffer; stderr?: Buffer }).stderr?.toString() ?? ''
    throw new Error(`Building @reportwright/react failed; run \`pnpm build\`.\n${output}`)
  }
}

type Module = Record<string, unknown>

describe('@reportwright/react build output', () => {
  let library: Module
  let testing: Module
  let german: Module
  beforeAll(async () => {
    ensureBuilt()
    library = (await import(join(dist, 'index.js'))) as Module
    testing = (await import(join(dist, 'testing.js'))) as Module
    german = (await import(join(dist, 'messages/de.js'))) as Module
  }, 300_000)

  it("starts every JavaScript file (entries and shared chunks) with 'use client'", () => {
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.js'),
    )
    expect(files).toEqual(expect.arrayContaining(['index.js', 'testing.js', 'messages/de.js']))
    for (const file of files) {
      const text = readFileSync(join(dist, file), 'utf8')
      expect(text.startsWith("'use client'") || text.startsWith('"use client"'), file).toBe(true)
    }
  })

  it('ships styles.css with every selector scoped to .rw- classes or [data-rw-theme]', () => {
    const css = readFileSync(join(dist, 'styles.css'), 'utf8')
    expect(css).toContain('--rw-color-primary')
    expect(css).toContain('.rw-report-list')
    expect(scopedSelectorProblems(css)).toEqual([])
  })

  it('renders every exported component to a string without window or document', () => {
    expect(typeof window).toBe('undefined')
    expect(typeof document).toBe('undefined')
    const createMemoryClient = testing['createMemoryClient'] as (options?: object) => unknown
    const client = createMemoryClient()
    const Provider = library['ReportwrightProvider'] as ComponentType<{
      client: unknown
      messages?: unknown
      locale: string
      children?: ReactNode
    }>
    const useReportWizard = library['useReportWizard'] as (() => unknown) | undefined
    const sample = (testing['SAMPLE_REPORTS'] as readonly object[])[0]
    // Components that take their own props; every other one is a wizard part taking `wizard`.
    const ownProps: Record<string, Record<string, unknown>> = {
      ReportList: { onEdit: () => undefined },
      RunHistory: { reportId: 'rep_1' },
      ReportPreview: { definition: sample },
      ConfirmDialog: {
        open: true,
        onOpenChange: () => undefined,
        title: 'Delete?',
        description: 'Really?',
        onConfirm: () => undefined,
      },
      ReportWizard: {},
      ReportWizardDialog: { defaultOpen: true },
    }
    const components = Object.entries(library).filter(
      ([name, value]) =>
        /^[A-Z]/.test(name) && typeof value === 'function' && name !== 'ReportwrightProvider',
    )
    expect(components.map(([name]) => name)).toEqual(
      expect.arrayContaining(['ReportList', 'RunHistory', 'ReportPreview', 'ConfirmDialog']),
    )
    for (const [name, component] of components) {
      const Component = component as ComponentType<Record<string, unknown>>
      const WithWizard = () => {
        if (!useReportWizard) throw new Error(`${name} needs useReportWizard`)
        return createElement(Component, { wizard: useReportWizard() })
      }
      const element =
        name in ownProps ? createElement(Component, ownProps[name]) : createElement(WithWizard)
      for (const locale of ['en', 'de']) {
        const messages = locale === 'de' ? german['messagesDe'] : undefined
        const html = renderToString(createElement(Provider, { client, locale, messages }, element))
        expect(typeof html, name).toBe('string')
      }
    }
    const list = renderToString(
      createElement(
        Provider,
        { client, locale: 'de', messages: german['messagesDe'] },
        createElement(library['ReportList'] as ComponentType),
      ),
    )
    expect(list).toContain('class="rw-root rw-report-list"')
    expect(list).toContain('Berichte werden geladen')
  })
})
