import { createHash } from 'node:crypto'
import type { ScheduleSpec } from '@reportwright/core'
import { toCron } from '../to-cron'
import { validateSchedule } from '../validate-schedule'

/** The data of each scheduled job. */
export interface ScheduledJobData {
  readonly reportId: string
  readonly tenantId?: string
  readonly ownerId: string
  /** What the job scheduler was made from; a reconcile upserts it again when this differs. */
  readonly fingerprint?: string
  /** Set on catch-up jobs: the fire time they run (ISO), instead of the job's own time. */
  readonly fireTime?: string
  /** Set once a job was put back (jitter, a full tenant): it is no longer judged late. */
  readonly deferred?: boolean
}

/** A job scheduler's id for a report. */
export const schedulerId = (reportId: string): string => `report:${reportId}`

/** What `upsertJobScheduler` receives for one schedule. */
export interface JobSchedulerPlan {
  readonly id: string
  readonly repeat: {
    readonly pattern: string
    readonly tz: string
    readonly startDate?: Date
    readonly endDate?: Date
  }
  readonly data: ScheduledJobData & { readonly fingerprint: string }
}

/**
 * The job scheduler of one report's schedule: `toCron` pattern in its zone, start and end days
 * widened to whole UTC days (the worker keeps the exact bounds), and a fingerprint of all of it
 * plus `templateOpts`, so comparing fingerprints tells whether the stored one is current.
 */
export function jobSchedulerPlan(
  owner: { readonly reportId: string; readonly tenantId?: string; readonly ownerId: string },
  spec: ScheduleSpec,
  templateOpts: object,
): JobSchedulerPlan {
  const schedule = validateSchedule(spec)
  const repeat = {
    pattern: toCron(schedule),
    tz: schedule.timezone,
    // Local days of any zone lie within UTC ±14 h.
    ...(schedule.startDate
      ? { startDate: new Date(Date.parse(`${schedule.startDate}T00:00:00Z`) - 14 * 3_600_000) }
      : {}),
    ...(schedule.endDate
      ? { endDate: new Date(Date.parse(`${schedule.endDate}T23:59:59Z`) + 14 * 3_600_000) }
      : {}),
  }
  const base = {
    reportId: owner.reportId,
    ...(owner.tenantId !== undefined ? { tenantId: owner.tenantId } : {}),
    ownerId: owner.ownerId,
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ repeat, base, templateOpts }))
    .digest('base64url')
    .slice(0, 22)
  return { id: schedulerId(owner.reportId), repeat, data: { ...base, fingerprint } }
}
