/** Actions that leave an audit entry. */
export const AUDIT_ACTIONS = [
  'report.create',
  'report.update',
  'report.delete',
  'report.execute',
  'run.download',
] as const
/** One of {@link AUDIT_ACTIONS}. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** Who did what to which report or run, when, in which request. */
export interface AuditEntry {
  readonly action: AuditAction
  readonly userId: string
  readonly tenantId?: string
  readonly reportId?: string
  readonly runId?: string
  readonly at: Date
  readonly requestId: string
}

/** Where audit entries go (storage's audit table, a log pipeline, a SIEM). */
export interface AuditSink {
  write(entry: AuditEntry): void | Promise<void>
}

/** An {@link AuditSink} kept in memory, with a look at what it holds. */
export interface MemoryAuditSink extends AuditSink {
  /** The entries kept, oldest first. */
  entries(): readonly AuditEntry[]
}

/** Options of {@link memoryAuditSink}. */
export interface MemoryAuditSinkOptions {
  /** Entries kept; older ones are dropped first. Defaults to 10,000. */
  readonly maxEntries?: number
}

/** The handler's default audit sink: the latest entries in memory (for tests and demos). */
export function memoryAuditSink(options: MemoryAuditSinkOptions = {}): MemoryAuditSink {
  const maxEntries = options.maxEntries ?? 10_000
  const kept: AuditEntry[] = []
  return {
    write(entry) {
      kept.push({ ...entry, at: new Date(entry.at) })
      if (kept.length > maxEntries) kept.splice(0, kept.length - maxEntries)
    },
    entries: () => kept.map((entry) => ({ ...entry, at: new Date(entry.at) })),
  }
}
