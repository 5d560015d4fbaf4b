/** Limits a host sets on what end users may run. Exceeding one is a `LIMIT_EXCEEDED` error. */
export interface EngineLimits {
  /** Most rows one run may produce. Defaults to 1,000,000. */
  readonly maxRows?: number
  /** Most values in one `in` / `not_in` list. Defaults to 1,000. */
  readonly maxInListSize?: number
  /** Most fields in one report. Defaults to 50. */
  readonly maxFields?: number
  /** Most filter conditions, counting those inside OR groups. Defaults to 100. */
  readonly maxFilters?: number
  /** Server-side statement timeout in milliseconds. Defaults to 60,000. */
  readonly statementTimeoutMs?: number
}

/** {@link EngineLimits} with every default filled in. */
export type ResolvedLimits = Required<EngineLimits>

export const DEFAULT_LIMITS: ResolvedLimits = {
  maxRows: 1_000_000,
  maxInListSize: 1_000,
  maxFields: 50,
  maxFilters: 100,
  statementTimeoutMs: 60_000,
}

export function resolveLimits(limits: EngineLimits | undefined): ResolvedLimits {
  return { ...DEFAULT_LIMITS, ...limits }
}
