// `pnpm dev` (Vite middleware, sources) and `pnpm start` (the built page). PORT, HOST and
// DATA_DIR come from the environment.
import { startEmbedServer } from './server'

const dev = process.argv.includes('--dev')
const server = await startEmbedServer({
  port: Number(process.env.PORT ?? 5180),
  host: process.env.HOST ?? '127.0.0.1',
  ...(process.env.DATA_DIR ? { dataDir: process.env.DATA_DIR } : {}),
  web: dev ? 'dev' : 'dist',
})
console.log(`Acme Analytics (Reportwright embed demo) on ${server.url}`)

const stop = (): void => {
  void server.close().then(() => process.exit(0))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
