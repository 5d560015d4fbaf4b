import react from '@vitejs/plugin-react'
import { defineProject } from 'vitest/config'

// Hooks and component logic in jsdom; the stories (play functions + axe) run in Debian's
// chromium through vitest.storybook.config.ts.
export default defineProject({
  plugins: [react()],
  resolve: { conditions: ['@reportwright/source'] },
  ssr: { resolve: { conditions: ['@reportwright/source'] } },
  test: {
    name: 'react',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    testTimeout: 30_000,
  },
})
