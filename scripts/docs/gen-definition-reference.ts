/**
 * Writes docs/reference/report-definition.md from `reportDefinitionJsonSchema`.
 *
 * `pnpm docs:reference` writes the file; `--check` exits with 1 when the committed file differs
 * from what the schema produces (tests/docs-reference.test.ts runs it).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { parseReportDefinition, reportDefinitionJsonSchema } from '@reportwright/core/model'
import { EXAMPLE_DEFINITION, renderDefinitionReference } from './definition-reference'

const root = join(import.meta.dirname, '..', '..')
const target = join(root, 'docs', 'reference', 'report-definition.md')
parseReportDefinition(EXAMPLE_DEFINITION) // throws INVALID_DEFINITION if the example went stale
const expected = await renderDefinitionReference(reportDefinitionJsonSchema, target)
const shown = relative(root, target)

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => undefined)
  if (committed !== expected) {
    console.error(`${shown} is stale: run \`pnpm docs:reference\` and commit the result.`)
    process.exitCode = 1
  } else {
    console.log(`${shown} is up to date.`)
  }
} else {
  await mkdir(dirname(target), { recursive: true })
  await writeFile(target, expected)
  console.log(`Wrote ${shown}.`)
}
