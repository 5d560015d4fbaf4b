import type { ScheduleSpec } from '../model/schedule'

// Plain constants of the HTTP API, apart from its zod schemas, so a browser bundle that needs
// only these does not carry the schemas.

/** The delivery channels a host can allow; `email` is the one the definition model has. */
export const DELIVERY_CHANNELS = ['email'] as const
/** One of {@link DELIVERY_CHANNELS}. */
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number]

/** Schedule frequencies of the definition model. */
export const SCHEDULE_FREQUENCIES = ['daily', 'weekly', 'monthly', 'cron'] as const
/** One of {@link SCHEDULE_FREQUENCIES}. */
export type ScheduleFrequency = ScheduleSpec['frequency']

/** The roles the handler knows, strongest first. */
export const REPORT_ROLES = ['owner', 'admin', 'manager', 'user', 'readonly'] as const
/** One of {@link REPORT_ROLES}. */
export type ReportRole = (typeof REPORT_ROLES)[number]
