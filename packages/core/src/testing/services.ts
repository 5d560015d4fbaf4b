import { Socket } from 'node:net'
import { redactSecrets } from '../errors/reportwright-error'

/** Services the real-engine test suites use. */
export type ServiceKind = 'postgres' | 'mysql' | 'redis'

/** Whether a service answered, and why not when it did not. */
export interface ServiceStatus {
  readonly available: boolean
  /** Why the service is unavailable (never contains a password). */
  readonly reason?: string
}

const DEFAULT_PORTS: Record<ServiceKind, number> = { postgres: 5432, mysql: 3306, redis: 6379 }
const DEFAULT_URLS: Record<ServiceKind, string> = {
  postgres: 'postgres://postgres@127.0.0.1:5432/test',
  mysql: 'mysql://root@127.0.0.1:3306/test',
  redis: 'redis://127.0.0.1:6379',
}
const ENV_NAMES: Record<ServiceKind, string> = {
  postgres: 'RW_PG_URL',
  mysql: 'RW_MYSQL_URL',
  redis: 'RW_REDIS_URL',
}

/** The URL of a test service: `RW_PG_URL`, `RW_MYSQL_URL` or `RW_REDIS_URL`, else the local default. */
export function serviceUrl(kind: ServiceKind): string {
  return process.env[ENV_NAMES[kind]] || DEFAULT_URLS[kind]
}

/** True when `RW_REQUIRE_SERVICES=1`: a missing service fails the suite instead of skipping it. */
export function requireServices(): boolean {
  return process.env.RW_REQUIRE_SERVICES === '1'
}

/** `url` with its password (and user info) replaced by `***`, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return redactSecrets(url)
  }
}

function describe(error: unknown, password: string): string {
  const text =
    error instanceof Error
      ? error.message || (error as { code?: string }).code || error.name
      : String(error)
  const clean = redactSecrets(text)
  return password ? clean.split(password).join('***') : clean
}

function probeTcp(
  target: { readonly host: string; readonly port: number; readonly timeoutMs: number },
  greeting?: string,
): Promise<string> {
  const { host, port, timeoutMs } = target
  return new Promise((resolve, reject) => {
    const socket = new Socket()
    const fail = (error: Error): void => {
      socket.destroy()
      reject(error)
    }
    socket.setTimeout(timeoutMs, () =>
      fail(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)),
    )
    socket.once('error', fail)
    socket.connect(port, host, () => {
      if (greeting === undefined) {
        socket.destroy()
        resolve('')
        return
      }
      socket.write(greeting)
      socket.once('data', (data) => {
        socket.destroy()
        resolve(data.toString('utf8'))
      })
    })
  })
}

async function loginPostgres(url: string, timeoutMs: number): Promise<void> {
  const pg = (await import('pg')) as unknown as {
    default?: {
      Client: new (config: object) => {
        connect(): Promise<void>
        query(sql: string): Promise<unknown>
        end(): Promise<void>
        on(event: 'error', listener: () => void): unknown
      }
    }
  }
  const Client = pg.default?.Client
  if (!Client) return
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.query('SELECT 1')
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function loginMysql(url: string, timeoutMs: number): Promise<void> {
  const mysql = (await import('mysql2/promise')) as unknown as {
    default?: {
      createConnection(
        options: object,
      ): Promise<{ query(sql: string): Promise<unknown>; end(): Promise<void> }>
    }
  }
  const createConnection = mysql.default?.createConnection
  if (!createConnection) return
  const connection = await createConnection({ uri: url, connectTimeout: timeoutMs })
  try {
    await connection.query('SELECT 1')
  } finally {
    await connection.end().catch(() => undefined)
  }
}

/**
 * Checks that a service answers at `url`: a TCP connection, then a real login and `SELECT 1`
 * (PostgreSQL via pg, MySQL/MariaDB via mysql2, when those drivers are installed) or `PING`
 * (Redis). Resolves `{ available: false, reason }` instead of throwing; waits 3 s at most per step.
 *
 * @example
 * ```ts
 * const pg = await checkService('postgres', serviceUrl('postgres'))
 * if (!pg.available && !requireServices()) console.log(`[reportwright] skipping postgres suite: ${redactUrl(url)} unreachable`)
 * ```
 */
export async function checkService(
  kind: ServiceKind,
  url: string,
  timeoutMs = 3_000,
): Promise<ServiceStatus> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { available: false, reason: 'the URL is not valid' }
  }
  const password = decodeURIComponent(parsed.password)
  const host = parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1'
  const port = Number(parsed.port) || DEFAULT_PORTS[kind]
  try {
    if (kind === 'redis') {
      const user = decodeURIComponent(parsed.username)
      const auth = password ? `AUTH ${user ? `${user} ` : ''}${password}\r\n` : ''
      const reply = await probeTcp({ host, port, timeoutMs }, `${auth}PING\r\n`)
      if (!/\+PONG|\+OK/.test(reply))
        return { available: false, reason: `unexpected reply ${describe(reply.trim(), password)}` }
      return { available: true }
    }
    await probeTcp({ host, port, timeoutMs })
    if (kind === 'postgres') await loginPostgres(url, timeoutMs).catch(rethrowUnlessMissingDriver)
    else await loginMysql(url, timeoutMs).catch(rethrowUnlessMissingDriver)
    return { available: true }
  } catch (error) {
    return { available: false, reason: describe(error, password) }
  }
}

function rethrowUnlessMissingDriver(error: unknown): void {
  const code = (error as { code?: unknown }).code
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return
  throw error
}
