import { createServer } from 'node:net'

/** The part of the embed example's server the demo uses. */
interface EmbedServerLike {
  readonly url: string
  close(): Promise<void>
}

type StartEmbedServer = (options: {
  readonly port: number
  readonly host?: string
}) => Promise<EmbedServerLike>

/** Thrown when the port is taken; the message says what to do. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError'
}

const EMBED_PACKAGE = '@reportwright/example-embed-express'
/** Loopback only: the demo's sign-in is a user picker, not for a network. */
const EMBED_HOST = '127.0.0.1'

/**
 * Loads `startEmbedServer` from the embed example (examples/embed-express). `undefined` when the
 * example is not installed.
 */
export async function loadEmbedServer(): Promise<StartEmbedServer | undefined> {
  // A variable, so the type checker leaves the example's sources (and its web app) alone.
  const specifier: string = EMBED_PACKAGE
  try {
    const module = (await import(specifier)) as { startEmbedServer?: StartEmbedServer }
    return module.startEmbedServer
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (code === 'ERR_MODULE_NOT_FOUND' && String(error).includes(EMBED_PACKAGE)) return undefined
    throw error
  }
}

function portInUse(port: number): PortInUseError {
  return new PortInUseError(
    `Port ${port} is in use; set PORT=… (e.g. PORT=${port === 3000 ? 3001 : 3000} pnpm demo) or stop the other process.`,
  )
}

/** Fails with a {@link PortInUseError} when `port` cannot be listened on (checked, then released). */
export async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return
  const probe = createServer()
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? portInUse(port) : error),
    )
    probe.listen(port, EMBED_HOST, () => probe.close(() => resolve()))
  })
}

/** Starts the embed example on `port`; a taken port becomes a {@link PortInUseError}. */
export async function startEmbedExample(
  start: StartEmbedServer,
  port: number,
): Promise<EmbedServerLike> {
  try {
    return await start({ port, host: EMBED_HOST })
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EADDRINUSE') throw portInUse(port)
    throw error
  }
}
