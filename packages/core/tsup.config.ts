import { defineConfig } from 'tsup'
import { baseConfig } from '../../tsup.base'

export default defineConfig({
  ...baseConfig,
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    http: 'src/http/index.ts',
    client: 'src/client/index.ts',
    model: 'src/model/index.ts',
  },
})
