import { defineProject } from 'vitest/config'

export default defineProject({
  // Read sibling packages from source (vitest issue 6992: SSR needs its own conditions).
  resolve: { conditions: ['@reportwright/source'] },
  ssr: { resolve: { conditions: ['@reportwright/source'] } },
  test: {
    name: 'scheduler',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    restoreMocks: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
