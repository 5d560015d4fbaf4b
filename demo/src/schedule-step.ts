import { parseReportDefinition } from '@reportwright/core'
import type { ReportEngine, RequestContext, RunRecord, StorageAdapter } from '@reportwright/core'
import type { LeaseRepository } from '@reportwright/core'
import {
  createScheduler,
  describeSchedule,
  nextRuns,
  toCron,
  validateSchedule,
} from '@reportwright/scheduler'
import { bytes, count, line, progress } from './console-output'
import type { DemoClock } from './demo-clock'
import { WEEKLY_CHANNEL_SUMMARY } from './demo-reports'
import { DemoRunError } from './run-demo-reports'

/** What step 3 produced. */
export interface ScheduleStepResult {
  readonly nextRuns: readonly Date[]
  readonly run: RunRecord
}

/** `Mon 30 Nov 2026, 09:00` in the schedule's zone. */
function localTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant)
}

/**
 * Saves a report with a weekly schedule, shows when it runs, then moves the clock just past the
 * first fire time and lets the in-process scheduler poll once: the occurrence runs through the
 * same `engine.run` as a button would, and its run lands in the history.
 */
export async function runScheduleStep(input: {
  readonly engine: ReportEngine
  readonly storage: StorageAdapter & { readonly leases: LeaseRepository }
  readonly clock: DemoClock
  readonly context: RequestContext
}): Promise<ScheduleStepResult> {
  const { engine, storage, clock, context } = input
  const definition = parseReportDefinition(WEEKLY_CHANNEL_SUMMARY)
  if (!definition.schedule) throw new DemoRunError(`"${definition.name}" has no schedule.`)
  const schedule = validateSchedule(definition.schedule)
  const report = await storage.reports.create(context, definition)
  line(`Saved "${definition.name}" with a schedule: ${describeSchedule(schedule, 'en-US')}`)
  line(`Cron: ${toCron(schedule)} (${schedule.timezone})`)
  const upcoming = nextRuns(schedule, clock.now(), 3)
  line('Next runs:')
  for (const [index, instant] of upcoming.entries())
    line(`  ${index + 1}. ${localTime(instant, schedule.timezone)}  (${instant.toISOString()})`)

  const scheduler = createScheduler({
    engine,
    storage,
    clock,
    instanceId: 'demo',
    jitterMs: 0,
    contextFor: () => context,
  })
  try {
    // The first poll finds the schedule and notes its next fire time.
    await scheduler.tick()
    const fireTime = upcoming[0] as Date
    clock.jumpTo(new Date(fireTime.getTime() + 30_000))
    const status = progress(
      `Clock moved to 30 s after ${localTime(fireTime, schedule.timezone)}; the scheduler polls`,
    )
    const tick = await scheduler.tick()
    const history = await storage.runs.listByReport(context, report.id)
    const run = history.items.find((item) => item.scheduledFor?.getTime() === fireTime.getTime())
    if (!run)
      throw new DemoRunError(
        `The scheduler started ${tick.started} occurrence(s) but recorded no run for ${fireTime.toISOString()}.`,
      )
    status.done(
      `✓ Scheduled run ${run.id}: ${run.status}, trigger ${run.trigger}, scheduled for ${run.scheduledFor?.toISOString()}, ${count(run.rowCount)} rows${run.file ? `, ${run.file.key} (${bytes(run.file.size)})` : ''}`,
    )
    if (run.status !== 'succeeded')
      throw new DemoRunError(
        `The scheduled run ${run.status}: ${run.error ? `${run.error.code}: ${run.error.message}` : ''}`,
      )
    return { nextRuns: upcoming, run }
  } finally {
    await scheduler.stop()
  }
}
