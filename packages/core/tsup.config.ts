import { defineConfig } from 'tsup'
import { baseConfig } from '../../tsup.base'

export default defineConfig({
  ...baseConfig,
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
})
