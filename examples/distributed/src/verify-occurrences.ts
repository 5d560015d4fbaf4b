// Reads the shared storage back: one run per (schedule, fire time), each with its file.
import type { FileStore, RequestContext, RunRecord, StorageAdapter } from '@reportwright/core'

/** One occurrence as the storage recorded it, with the worker that said it ran it. */
export interface OccurrenceRow {
  readonly scheduleId: string
  readonly scheduleName: string
  readonly fireTime: string
  readonly runs: readonly RunRecord[]
  readonly workerPid?: number
}

/** What the storage says ran. */
export interface OccurrenceReport {
  readonly rows: readonly OccurrenceRow[]
  /** Occurrences with more than one run. */
  readonly duplicates: readonly OccurrenceRow[]
  /** Runs that did not succeed. */
  readonly failedRuns: readonly RunRecord[]
  /** Runs whose file is missing from the shared folder or has the wrong size. */
  readonly missingFiles: readonly RunRecord[]
}

/**
 * Lists the scheduled runs of `reportIds` from the storage, groups them by fire time and opens
 * every run's file back from the file store. `ranBy` maps run ids to the worker that reported them.
 */
export async function verifyOccurrences(
  target: { readonly storage: StorageAdapter; readonly files: FileStore },
  context: RequestContext,
  reportIds: readonly string[],
  ranBy: ReadonlyMap<string, number>,
): Promise<OccurrenceReport> {
  const rows: OccurrenceRow[] = []
  const failedRuns: RunRecord[] = []
  const missingFiles: RunRecord[] = []
  for (const reportId of reportIds) {
    const page = await target.storage.runs.listByReport(context, reportId, { limit: 500 })
    const byFireTime = new Map<string, RunRecord[]>()
    for (const run of page.items) {
      if (run.trigger !== 'schedule' || !run.scheduledFor) continue
      const key = run.scheduledFor.toISOString()
      byFireTime.set(key, [...(byFireTime.get(key) ?? []), run])
      if (run.status !== 'succeeded') failedRuns.push(run)
      else if (!(await fileIsThere(target.files, run))) missingFiles.push(run)
    }
    for (const [fireTime, runs] of byFireTime) {
      const pid = runs.map((run) => ranBy.get(run.id)).find((value) => value !== undefined)
      rows.push({
        scheduleId: reportId,
        scheduleName: runs[0]?.reportName ?? reportId,
        fireTime,
        runs,
        ...(pid !== undefined ? { workerPid: pid } : {}),
      })
    }
  }
  rows.sort(
    (a, b) => a.fireTime.localeCompare(b.fireTime) || a.scheduleName.localeCompare(b.scheduleName),
  )
  return { rows, duplicates: rows.filter((row) => row.runs.length > 1), failedRuns, missingFiles }
}

async function fileIsThere(files: FileStore, run: RunRecord): Promise<boolean> {
  if (!run.file) return false
  try {
    let size = 0
    for await (const chunk of await files.get(run.file.key)) size += (chunk as Buffer).length
    return size === run.file.size
  } catch {
    return false
  }
}
