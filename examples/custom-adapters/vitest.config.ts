import { defineProject } from 'vitest/config'

export default defineProject({
  // Read the workspace packages from source (vitest issue 6992: SSR needs its own conditions).
  resolve: { conditions: ['@reportwright/source'] },
  ssr: { resolve: { conditions: ['@reportwright/source'] } },
  test: {
    name: 'example-custom-adapters',
    include: ['test/**/*.test.ts'],
    restoreMocks: true,
  },
})
