/* --- schedule model --- */
export { toCron } from './to-cron'
export { nextRuns, runsBetween, previousRun, isFireTime, MAX_RUNS_PER_CALL } from './next-runs'
export { validateSchedule } from './validate-schedule'
export { describeSchedule, DESCRIBE_SCHEDULE_EN } from './describe/describe-schedule'
export type { DescribeScheduleMessages } from './describe/describe-schedule'

/* --- time --- */
export { systemClock } from './clock'
export type { Clock } from './clock'
export { manualClock } from './manual-clock'
export type { ManualClock } from './manual-clock'

/* --- in-process runner --- */
export { createScheduler } from './create-scheduler'
export { CATCH_UP_POLICIES } from './scheduler-types'
export { jitterOffset } from './jitter-offset'
export { DEFAULT_OCCURRENCE_RETENTION } from './occurrence-retention'
export type {
  CatchUpPolicy,
  OccurrenceRetention,
  PauseWebhook,
  RetryPolicy,
  ScheduleOwner,
  SchedulePausedNotice,
  Scheduler,
  SchedulerEngine,
  SchedulerEvent,
  SchedulerOptions,
  TickResult,
} from './scheduler-types'
export { planCatchUp, backoffDelay } from './catch-up'
export type { CatchUpPlan, PlanCatchUpOptions } from './catch-up'
export {
  memoryOccurrenceStore,
  OCCURRENCE_STATUSES,
  storageOccurrenceStore,
} from './occurrence-store'
export type {
  NewOccurrence,
  OccurrenceKey,
  OccurrenceRecord,
  OccurrenceStatus,
  OccurrenceStore,
  ScheduleRunState,
} from './occurrence-store'
