// Serves the host page: through Vite's dev middleware (sources, hot reload) or a built folder.
import { existsSync } from 'node:fs'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'
import type { Express } from 'express'

/** This example's folder (vite.config.ts, web/, dist/). */
export const EXAMPLE_ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Where `pnpm build` (vite build) writes the page. */
export const DEFAULT_WEB_DIST = join(EXAMPLE_ROOT, 'dist/web')

/**
 * How the page is served: `dev` runs Vite in middleware mode; `build` runs `vite build` into
 * `outDir` first; `dist` serves what `pnpm build` left in `dist/web`; `auto` is `dist` when it
 * exists, else `dev`.
 */
export type WebMode = 'dev' | 'build' | 'dist' | 'auto'

/** Mounts the page on `app` and returns what to call on close. */
export async function mountWebAssets(
  app: Express,
  server: Server,
  options: { readonly mode: WebMode; readonly outDir?: string },
): Promise<() => Promise<void>> {
  const outDir = options.outDir ?? DEFAULT_WEB_DIST
  const mode =
    options.mode === 'auto'
      ? existsSync(join(DEFAULT_WEB_DIST, 'index.html'))
        ? 'dist'
        : 'dev'
      : options.mode
  const configFile = join(EXAMPLE_ROOT, 'vite.config.ts')
  if (mode === 'dev') {
    // Vite is a dev tool: loaded only when the page is served from sources.
    const { createServer } = await import('vite')
    const vite = await createServer({
      configFile,
      appType: 'spa',
      server: { middlewareMode: true, hmr: { server } },
    })
    app.use(vite.middlewares)
    return () => vite.close()
  }
  if (mode === 'build') {
    const { build } = await import('vite')
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } })
  }
  app.use(express.static(outDir, { index: 'index.html' }))
  // One page: every other GET gets it (client-side views).
  app.get('/{*rest}', (_request, response) => response.sendFile(join(outDir, 'index.html')))
  return async () => undefined
}
