import { useEffect, useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import type { ScheduleSpec } from '@reportwright/core/model'
import { useReportwright } from '../../provider/reportwright-context'
import { FieldError } from '../ui/field-error'
import { useControl } from '../ui/use-control'
import { scheduleSentence } from './schedule-sentence'
import type { WizardStepProps } from './step-props'
import { useSchedulePreview } from './use-schedule-preview'

// Monday first, as most business calendars show it; values are the model's 0 = Sunday.
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const

function weekdayNames(locale: string): Map<number, string> {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' })
  // 2023-01-01 was a Sunday.
  return new Map(
    WEEK_ORDER.map((day) => [day, format.format(new Date(Date.UTC(2023, 0, 1 + day, 12)))]),
  )
}

/** When the report runs by itself: frequency, day, time, time zone, and the next runs. */
export function ScheduleSettings({ wizard }: WizardStepProps): ReactNode {
  const { t, locale, formatDateTime } = useReportwright()
  const control = useControl(wizard)
  const { schedule } = wizard.definition
  const enabledControl = control('schedule')
  const frequency = control('schedule.frequency')
  const dayOfWeek = control('schedule.dayOfWeek')
  const dayOfMonth = control('schedule.dayOfMonth')
  const cron = control('schedule.cron')
  const time = control('schedule.time')
  const timezone = control('schedule.timezone')
  const weekdays = useMemo(() => weekdayNames(locale), [locale])
  const [zones, setZones] = useState<readonly string[]>([])
  useEffect(() => {
    // The zone list differs between runtimes; build it in the browser only.
    setZones(Intl.supportedValuesOf('timeZone'))
  }, [])
  const scheduleValid = !wizard.errors.some((error) => error.path.startsWith('schedule'))
  const preview = useSchedulePreview(
    schedule,
    scheduleValid && (wizard.capabilities?.schedulePreview ?? true),
  )
  if (!wizard.offered.canSchedule && !schedule) return null
  const update = (patch: Partial<ScheduleSpec>): void => wizard.settings.updateSchedule(patch)
  return (
    <section className="rw-wizard__section" aria-labelledby={`${enabledControl.props.id}-title`}>
      <h4 id={`${enabledControl.props.id}-title`} className="rw-wizard__section-title">
        {t('wizard.schedule.title')}
      </h4>
      <div className="rw-wizard__choice">
        <input
          {...enabledControl.props}
          type="checkbox"
          checked={schedule !== undefined}
          onChange={(event) => wizard.settings.enableSchedule(event.target.checked)}
        />
        <label htmlFor={enabledControl.props.id}>{t('wizard.schedule.enable')}</label>
      </div>
      <FieldError id={enabledControl.errorId} message={enabledControl.error} />
      {schedule ? (
        <>
          <div className="rw-wizard__grid">
            <div className="rw-wizard__control">
              <label htmlFor={frequency.props.id} className="rw-wizard__label">
                {t('wizard.schedule.frequency')}
              </label>
              <select
                {...frequency.props}
                className="rw-select"
                value={schedule.frequency}
                onChange={(event) => {
                  const next = event.target.value as ScheduleSpec['frequency']
                  // A weekly or monthly schedule needs its day: start from the first one.
                  update({
                    frequency: next,
                    ...(next === 'weekly' && schedule.dayOfWeek === undefined
                      ? { dayOfWeek: 1 }
                      : {}),
                    ...(next === 'monthly' && schedule.dayOfMonth === undefined
                      ? { dayOfMonth: 1 }
                      : {}),
                  })
                }}
              >
                {wizard.offered.frequencies.includes(schedule.frequency) ? null : (
                  <option value={schedule.frequency}>
                    {t(`wizard.frequency.${schedule.frequency}`)}
                  </option>
                )}
                {wizard.offered.frequencies.map((option) => (
                  <option key={option} value={option}>
                    {t(`wizard.frequency.${option}`)}
                  </option>
                ))}
              </select>
              <FieldError id={frequency.errorId} message={frequency.error} />
            </div>
            {schedule.frequency === 'weekly' ? (
              <div className="rw-wizard__control">
                <label htmlFor={dayOfWeek.props.id} className="rw-wizard__label">
                  {t('wizard.schedule.dayOfWeek')}
                </label>
                <select
                  {...dayOfWeek.props}
                  className="rw-select"
                  value={schedule.dayOfWeek ?? ''}
                  onChange={(event) => update({ dayOfWeek: Number(event.target.value) })}
                >
                  {schedule.dayOfWeek === undefined ? <option value="" /> : null}
                  {WEEK_ORDER.map((day) => (
                    <option key={day} value={day}>
                      {weekdays.get(day)}
                    </option>
                  ))}
                </select>
                <FieldError id={dayOfWeek.errorId} message={dayOfWeek.error} />
              </div>
            ) : null}
            {schedule.frequency === 'monthly' ? (
              <div className="rw-wizard__control">
                <label htmlFor={dayOfMonth.props.id} className="rw-wizard__label">
                  {t('wizard.schedule.dayOfMonth')}
                </label>
                <input
                  {...dayOfMonth.props}
                  type="number"
                  min={1}
                  max={31}
                  className="rw-input"
                  value={schedule.dayOfMonth ?? ''}
                  onChange={(event) =>
                    update({
                      dayOfMonth:
                        event.target.value === '' ? undefined : Number(event.target.value),
                    })
                  }
                />
                <FieldError id={dayOfMonth.errorId} message={dayOfMonth.error} />
              </div>
            ) : null}
            {schedule.frequency === 'cron' ? (
              <div className="rw-wizard__control">
                <label htmlFor={cron.props.id} className="rw-wizard__label">
                  {t('wizard.schedule.cron')}
                </label>
                <input
                  {...cron.props}
                  className="rw-input"
                  value={schedule.cron ?? ''}
                  onChange={(event) =>
                    update({ cron: event.target.value === '' ? undefined : event.target.value })
                  }
                />
                <FieldError id={cron.errorId} message={cron.error} />
              </div>
            ) : (
              <div className="rw-wizard__control">
                <label htmlFor={time.props.id} className="rw-wizard__label">
                  {t('wizard.schedule.time')}
                </label>
                <input
                  {...time.props}
                  type="time"
                  className="rw-input"
                  value={schedule.time}
                  onChange={(event) => update({ time: event.target.value })}
                />
                <FieldError id={time.errorId} message={time.error} />
              </div>
            )}
            <div className="rw-wizard__control">
              <label htmlFor={timezone.props.id} className="rw-wizard__label">
                {t('wizard.schedule.timezone')}
              </label>
              <input
                {...timezone.props}
                className="rw-input"
                list={`${timezone.props.id}-zones`}
                autoComplete="off"
                value={schedule.timezone}
                onChange={(event) => update({ timezone: event.target.value })}
              />
              <datalist id={`${timezone.props.id}-zones`}>
                {zones.map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
              <FieldError id={timezone.errorId} message={timezone.error} />
            </div>
          </div>
          <div className="rw-wizard__schedule-summary" aria-live="polite">
            {scheduleValid ? (
              <>
                <p className="rw-wizard__sentence">{scheduleSentence(schedule, locale, t)}</p>
                {preview.runs.length > 0 ? (
                  <>
                    <p className="rw-wizard__label">{t('wizard.schedule.nextRuns')}</p>
                    <ol className="rw-wizard__next-runs">
                      {preview.runs.map((run) => (
                        <li key={run}>
                          <time dateTime={run}>
                            {formatDateTime(run, {
                              dateStyle: 'full',
                              timeStyle: 'short',
                              timeZone: schedule.timezone,
                            })}
                          </time>
                        </li>
                      ))}
                    </ol>
                  </>
                ) : null}
                {preview.error ? <p className="rw-error-text">{preview.error}</p> : null}
              </>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  )
}
