import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  // The server loads these with Node's own import instead of bundling them: PGlite finds its
  // WebAssembly files next to its modules, and the engine's optional database drivers stay
  // optional. The browser bundle takes only `@reportwright/core/client` and the React package.
  serverExternalPackages: ['@electric-sql/pglite', '@reportwright/core', '@reportwright/scheduler'],
  // The workspace root holds the lockfile; output file tracing starts there.
  outputFileTracingRoot: new URL('../..', import.meta.url).pathname,
  // The repository's own `typecheck` and eslint check this code; the build skips doing it again.
  typescript: { ignoreBuildErrors: true },
  eslint: { ignoreDuringBuilds: true },
}

export default nextConfig
