import type { RunRecord, StoredReport } from '../ports/storage-adapter'
import type { ApiReport, ApiRun } from './api-schemas'

/** A stored report as JSON: dates as ISO strings. */
export function toApiReport(report: StoredReport): ApiReport {
  return {
    id: report.id,
    ...(report.tenantId !== undefined ? { tenantId: report.tenantId } : {}),
    ownerId: report.ownerId,
    definition: report.definition as unknown as Record<string, unknown>,
    revision: report.revision,
    createdAt: report.createdAt.toISOString(),
    updatedAt: report.updatedAt.toISOString(),
  }
}

/** A run as JSON: dates as ISO strings; the file's storage key stays on the server. */
export function toApiRun(run: RunRecord): ApiRun {
  return {
    id: run.id,
    ...(run.tenantId !== undefined ? { tenantId: run.tenantId } : {}),
    userId: run.userId,
    ...(run.reportId !== undefined ? { reportId: run.reportId } : {}),
    reportName: run.reportName,
    format: run.format,
    trigger: run.trigger,
    ...(run.scheduledFor ? { scheduledFor: run.scheduledFor.toISOString() } : {}),
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    ...(run.finishedAt ? { finishedAt: run.finishedAt.toISOString() } : {}),
    rowCount: run.rowCount,
    ...(run.file
      ? {
          file: {
            size: run.file.size,
            contentType: run.file.contentType,
            filename: run.file.filename,
          },
        }
      : {}),
    deliveries: run.deliveries.map((delivery) => ({
      channel: delivery.channel,
      accepted: [...delivery.accepted],
      rejected: delivery.rejected.map((entry) => ({ ...entry })),
      ...(delivery.error !== undefined ? { error: delivery.error } : {}),
    })),
    ...(run.error ? { error: { code: run.error.code, message: run.error.message } } : {}),
  }
}

/** The strong ETag of a report revision. */
export function reportEtag(report: StoredReport): string {
  return `"${report.id}.${report.revision}"`
}
