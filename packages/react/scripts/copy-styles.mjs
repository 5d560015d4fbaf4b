// styles.css is plain CSS with `--rw-*` variables: the parts are concatenated, no build step.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const parts = ['base.css', 'components.css', 'wizard.css']
const css = parts.map((part) => readFileSync(join(root, 'src/styles', part), 'utf8')).join('\n')
mkdirSync(join(root, 'dist'), { recursive: true })
writeFileSync(join(root, 'dist/styles.css'), css)
