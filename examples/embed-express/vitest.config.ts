import { defineProject } from 'vitest/config'

export default defineProject({
  // The server runs inside the test process and reads the workspace packages from source
  // (vitest issue 6992: SSR needs its own conditions).
  resolve: { conditions: ['@reportwright/source'] },
  ssr: { resolve: { conditions: ['@reportwright/source'] } },
  test: {
    name: 'embed-express',
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
})
