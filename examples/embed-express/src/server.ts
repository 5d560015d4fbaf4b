// The demo host "Acme Analytics": its own routes (users, embed tokens), the Reportwright API and
// the product page that embeds the report builder.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { toNodeListener } from '@reportwright/core'
import express from 'express'
import { DEMO_USERS, findDemoUser } from './demo-users'
import { TOKEN_LIFETIME_SECONDS, signDemoToken } from './embed-auth'
import { REPORTS_API_PATH, createReporting } from './create-reporting'
import type { MemoryOutbox } from './memory-outbox'
import { mountWebAssets } from './web-assets'
import type { WebMode } from './web-assets'

/** Options of {@link startEmbedServer}. */
export interface EmbedServerOptions {
  /** Port to listen on; `0` picks a free one. */
  readonly port: number
  /** Interface to listen on. Defaults to `127.0.0.1`. */
  readonly host?: string
  /**
   * Folder for the database and rendered files, kept between starts. Defaults to a new
   * temporary folder, removed on close.
   */
  readonly dataDir?: string
  /** How the page is served; see {@link WebMode}. Defaults to `auto`. */
  readonly web?: WebMode
  /** Output folder of `web: 'build'`. Defaults to `dist/web`. */
  readonly webOutDir?: string
}

/** A running demo host. */
export interface EmbedServer {
  /** Base URL, e.g. `http://127.0.0.1:5173`. */
  readonly url: string
  /** The sample database, for checks next to what the API returns. */
  readonly db: PGlite
  /** Emails sent by runs. */
  readonly outbox: MemoryOutbox
  /** Waits for background runs, then stops the server and closes the database. */
  close(): Promise<void>
}

/** Starts the demo host: the page at `/`, the Reportwright API at `/api/reports`. */
export async function startEmbedServer(options: EmbedServerOptions): Promise<EmbedServer> {
  const temporaryDir = options.dataDir
    ? undefined
    : await mkdtemp(join(tmpdir(), 'reportwright-embed-'))
  const dataDir = options.dataDir ?? (temporaryDir as string)
  const reporting = await createReporting(dataDir)

  const app = express()
  const server = createServer(app)
  // The host's own API. A real product knows its user from its session cookie; the demo lets the
  // page pick one of two users so both tenants can be tried.
  app.get('/host/users', (_request, response) => {
    response.json({ users: DEMO_USERS })
  })
  app.post('/host/users/:id/embed-token', async (request, response) => {
    const user = findDemoUser(request.params.id)
    if (!user) {
      response.status(404).json({ message: 'No such user.' })
      return
    }
    response.json({ token: await signDemoToken(user), expiresIn: TOKEN_LIFETIME_SECONDS })
  })
  app.use(REPORTS_API_PATH, toNodeListener(reporting.handler))
  const closeWeb = await mountWebAssets(app, server, {
    mode: options.web ?? 'auto',
    ...(options.webOutDir ? { outDir: options.webOutDir } : {}),
  })

  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, resolve)
  })
  const { port } = server.address() as AddressInfo
  const shownHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${port}`,
    db: reporting.db,
    outbox: reporting.outbox,
    async close() {
      await closeWeb()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await reporting.close()
      if (temporaryDir) await rm(temporaryDir, { recursive: true, force: true })
    },
  }
}
