// Express hosting the Reportwright HTTP API over sample sales data in an embedded PGlite database.
import { PGlite } from '@electric-sql/pglite'
import {
  createReportEngine,
  createReportHandler,
  pgliteSource,
  signEmbedToken,
  toNodeListener,
  verifyEmbedToken,
} from '@reportwright/core'
import type { ReportHandler } from '@reportwright/core'
import { createSalesCatalog, loadPglite } from '@reportwright/core/testing'
import express from 'express'
import type { Express } from 'express'

/** Demo only: a real host keeps its secret (or better, an EdDSA private key) out of the code. */
const SECRET = process.env.RW_EMBED_SECRET ?? 'demo-secret-that-is-at-least-32-bytes-long'
const TOKEN = { issuer: 'https://host.example.com', audience: 'reportwright' } as const

/** What {@link createApp} returns: the Express app, the handler (to drain) and a way to close. */
export interface ExampleApp {
  readonly app: Express
  readonly handler: ReportHandler
  close(): Promise<void>
}

/** Builds the app: `/api/reports/*` is the Reportwright API, `/demo-token` mints a demo token. */
export async function createApp(): Promise<ExampleApp> {
  const db = new PGlite()
  await loadPglite(db)
  const engine = createReportEngine({ catalog: createSalesCatalog(pgliteSource({ db })) })
  const handler = createReportHandler(engine, {
    basePath: '/api/reports',
    getContext: async (request) => {
      const token = request.headers.get('authorization')?.replace(/^Bearer /, '')
      if (!token) return undefined
      return verifyEmbedToken(token, { key: SECRET, algorithms: ['HS256'], ...TOKEN })
    },
  })

  const app = express()
  // The host's own route: in a real app the signed-in user's id, tenant and roles go in here.
  app.get('/demo-token', async (_req, res) => {
    const token = await signEmbedToken(
      { userId: 'demo', tenantId: 'acme', roles: ['user'] },
      { key: SECRET, algorithm: 'HS256', expiresIn: '10m', ...TOKEN },
    )
    res.json({ token })
  })
  app.use('/api/reports', toNodeListener(handler))

  return {
    app,
    handler,
    async close() {
      await handler.drain()
      await db.close()
    },
  }
}
