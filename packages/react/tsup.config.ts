import { defineConfig } from 'tsup'
import { baseConfig } from '../../tsup.base'

export default defineConfig({
  ...baseConfig,
  entry: {
    index: 'src/index.ts',
    testing: 'src/testing/index.ts',
    'messages/de': 'src/messages/de/index.ts',
  },
  target: 'es2022',
  platform: 'browser',
  // Every output file (entries and shared chunks) starts with the directive, so a Next.js app
  // router page can import any of them; esbuild drops directives found inside sources.
  banner: { js: "'use client'" },
  // Rollup's tree-shaking pass drops module-level directives (the banner included); esbuild
  // still removes unused code while bundling.
  treeshake: false,
  external: ['react', 'react-dom', 'react/jsx-runtime', /^@radix-ui\//, /^@reportwright\//],
})
