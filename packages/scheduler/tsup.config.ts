import { defineConfig } from 'tsup'
import { baseConfig } from '../../tsup.base'

export default defineConfig({
  ...baseConfig,
  entry: {
    index: 'src/index.ts',
    describe: 'src/describe/describe-schedule.ts',
    bullmq: 'src/bullmq/bullmq-scheduler.ts',
  },
})
