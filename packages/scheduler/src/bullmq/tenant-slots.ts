import { ReportwrightError } from '@reportwright/core'

/** The part of an ioredis client the tenant slots use. */
export interface RedisEvalLike {
  eval(script: string, keyCount: number, ...args: (string | number)[]): Promise<unknown>
}

// Expired holders (a dead worker's) drop out first; a holder asking again keeps its slot.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local ttl = tonumber(ARGV[2])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl * 2)
  return 1
end
return 0`

const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
local kept = redis.call('ZADD', KEYS[1], 'XX', 'CH', now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl * 2)
return kept`

/** Per-tenant run slots shared by every worker on one Redis; see {@link tenantSlots}. */
export interface TenantSlots {
  /** Takes one of the tenant's slots for `holder`; `false` when all are taken. */
  acquire(tenant: string, holder: string): Promise<boolean>
  /** Extends the holder's slot (while its run lasts). */
  renew(tenant: string, holder: string): Promise<void>
  release(tenant: string, holder: string): Promise<void>
}

/**
 * A counting semaphore per tenant in Redis (a sorted set of holders scored by expiry, changed by
 * Lua scripts so a check and a take are one step): at most `limit` runs of one tenant at once
 * across every worker. A worker that dies frees its slots when they expire after `ttlMs`.
 */
export function tenantSlots(
  connection: object,
  options: { readonly keyPrefix: string; readonly limit: number; readonly ttlMs: number },
): TenantSlots {
  const redis = connection as Partial<RedisEvalLike>
  if (typeof redis.eval !== 'function') {
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message:
        '[reportwright] [bullmq] tenantConcurrency needs `connection` to be an ioredis client (new Redis(url, { maxRetriesPerRequest: null })); pass one, or set tenantConcurrency: false.',
      details: { option: 'tenantConcurrency' },
    })
  }
  const client = redis as RedisEvalLike
  const key = (tenant: string): string => `${options.keyPrefix}:${tenant}`
  return {
    async acquire(tenant, holder) {
      const taken = await client.eval(ACQUIRE, 1, key(tenant), holder, options.ttlMs, options.limit)
      return Number(taken) === 1
    },
    async renew(tenant, holder) {
      await client.eval(RENEW, 1, key(tenant), holder, options.ttlMs)
    },
    async release(tenant, holder) {
      await client.eval(`return redis.call('ZREM', KEYS[1], ARGV[1])`, 1, key(tenant), holder)
    },
  }
}
