import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import { playwright } from '@vitest/browser-playwright'
import react from '@vitejs/plugin-react'
import { defineProject } from 'vitest/config'

const dirname = path.dirname(fileURLToPath(import.meta.url))
// Debian's chromium: nothing is downloaded.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineProject({
  plugins: [react(), storybookTest({ configDir: path.join(dirname, '.storybook') })],
  resolve: { conditions: ['@reportwright/source'] },
  // Pre-bundled up front: found on the first run only, they made Vite reload the page mid-test.
  optimizeDeps: {
    include: ['@radix-ui/react-dialog', 'react-dom/client', 'react/jsx-dev-runtime'],
  },
  test: {
    name: 'storybook',
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
    setupFiles: ['.storybook/vitest.setup.ts'],
  },
})
