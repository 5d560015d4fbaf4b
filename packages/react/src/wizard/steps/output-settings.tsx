import type { ReactNode } from 'react'
import { CHART_TYPES, REPORT_TEMPLATES } from '@reportwright/core/model'
import type { ChartType, OutputFormat, OutputSpec, ReportTemplate } from '@reportwright/core/model'
import { useReportwright } from '../../provider/reportwright-context'
import { FieldError } from '../ui/field-error'
import { useControl } from '../ui/use-control'
import type { WizardStepProps } from './step-props'

const LAYOUTS: readonly OutputSpec['layout'][] = ['table', 'summary', 'chart']

/** Format, template, layout and chart of the rendered file. */
export function OutputSettings({ wizard }: WizardStepProps): ReactNode {
  const { t } = useReportwright()
  const control = useControl(wizard)
  const { output, fields } = wizard.definition
  const format = control('output.format')
  const template = control('output.template')
  const layout = control('output.layout')
  const chartType = control('output.chart.type')
  const chartX = control('output.chart.x')
  const chartY = control('output.chart.y')
  const labelOf = (path: string): string =>
    fields.find((field) => field.field === path)?.label ??
    wizard.availableFields.find((field) => field.path === path)?.label ??
    path
  const uniquePaths = [...new Set(fields.map((field) => field.field))]
  // Axes may also name output columns by key (`sum_amount`); keep those selectable.
  const xOptions =
    output.chart && !uniquePaths.includes(output.chart.x)
      ? [output.chart.x, ...uniquePaths]
      : uniquePaths
  const yOptions = [...new Set([...uniquePaths, ...(output.chart?.y ?? [])])]
  const chartOn = output.chart !== undefined
  const enableChart = (on: boolean): void => {
    if (!on) {
      wizard.settings.setOutput({ chart: undefined, includeCharts: false })
      return
    }
    const [x, ...rest] = uniquePaths
    const y = fields.find((field) => field.aggregation)?.field ?? rest[0] ?? x
    if (x && y) {
      wizard.settings.setOutput({ includeCharts: true, chart: { type: 'bar', x, y: [y] } })
    }
  }
  return (
    <section className="rw-wizard__section" aria-labelledby={`${format.props.id}-title`}>
      <h4 id={`${format.props.id}-title`} className="rw-wizard__section-title">
        {t('wizard.settings.output')}
      </h4>
      <div className="rw-wizard__grid">
        <div className="rw-wizard__control">
          <label htmlFor={format.props.id} className="rw-wizard__label">
            {t('wizard.settings.format')}
          </label>
          <select
            {...format.props}
            className="rw-select"
            value={output.format}
            onChange={(event) =>
              wizard.settings.setOutput({ format: event.target.value as OutputFormat })
            }
          >
            {wizard.offered.formats.includes(output.format) ? null : (
              <option value={output.format}>{t(`wizard.format.${output.format}`)}</option>
            )}
            {wizard.offered.formats.map((option) => (
              <option key={option} value={option}>
                {t(`wizard.format.${option}`)}
              </option>
            ))}
          </select>
          <FieldError id={format.errorId} message={format.error} />
        </div>
        <div className="rw-wizard__control">
          <label htmlFor={template.props.id} className="rw-wizard__label">
            {t('wizard.settings.template')}
          </label>
          <select
            {...template.props}
            className="rw-select"
            value={output.template}
            onChange={(event) =>
              wizard.settings.setOutput({ template: event.target.value as ReportTemplate })
            }
          >
            {REPORT_TEMPLATES.map((option) => (
              <option key={option} value={option}>
                {t(`wizard.template.${option}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="rw-wizard__control">
          <label htmlFor={layout.props.id} className="rw-wizard__label">
            {t('wizard.settings.layout')}
          </label>
          <select
            {...layout.props}
            className="rw-select"
            value={output.layout}
            onChange={(event) =>
              wizard.settings.setOutput({ layout: event.target.value as OutputSpec['layout'] })
            }
          >
            {LAYOUTS.map((option) => (
              <option key={option} value={option}>
                {t(`wizard.layout.${option}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="rw-wizard__choice">
        <input
          id={`${format.props.id}-chart`}
          type="checkbox"
          checked={chartOn}
          disabled={uniquePaths.length === 0}
          onChange={(event) => enableChart(event.target.checked)}
        />
        <label htmlFor={`${format.props.id}-chart`}>{t('wizard.settings.includeChart')}</label>
      </div>
      {output.chart ? (
        <div className="rw-wizard__grid">
          <div className="rw-wizard__control">
            <label htmlFor={chartType.props.id} className="rw-wizard__label">
              {t('wizard.settings.chartType')}
            </label>
            <select
              {...chartType.props}
              className="rw-select"
              value={output.chart.type}
              onChange={(event) =>
                output.chart &&
                wizard.settings.setOutput({
                  chart: { ...output.chart, type: event.target.value as ChartType },
                })
              }
            >
              {CHART_TYPES.map((option) => (
                <option key={option} value={option}>
                  {t(`wizard.chart.${option}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="rw-wizard__control">
            <label htmlFor={chartX.props.id} className="rw-wizard__label">
              {t('wizard.settings.chartX')}
            </label>
            <select
              {...chartX.props}
              className="rw-select"
              value={output.chart.x}
              onChange={(event) =>
                output.chart &&
                wizard.settings.setOutput({ chart: { ...output.chart, x: event.target.value } })
              }
            >
              {xOptions.map((path) => (
                <option key={path} value={path}>
                  {labelOf(path)}
                </option>
              ))}
            </select>
            <FieldError id={chartX.errorId} message={chartX.error} />
          </div>
          <fieldset
            className="rw-wizard__fieldset"
            {...(chartY.error ? { 'aria-describedby': chartY.errorId } : {})}
          >
            <legend className="rw-wizard__label">{t('wizard.settings.chartY')}</legend>
            {yOptions.map((path, index) => {
              const id = `${chartY.props.id}-${index}`
              const chart = output.chart
              const checked = chart?.y.includes(path) ?? false
              return (
                <div key={path} className="rw-wizard__choice">
                  <input
                    id={index === 0 ? chartY.props.id : id}
                    type="checkbox"
                    checked={checked}
                    onChange={() =>
                      chart &&
                      wizard.settings.setOutput({
                        chart: {
                          ...chart,
                          y: checked
                            ? chart.y.filter((entry) => entry !== path)
                            : [...chart.y, path],
                        },
                      })
                    }
                  />
                  <label htmlFor={index === 0 ? chartY.props.id : id}>{labelOf(path)}</label>
                </div>
              )
            })}
            <FieldError id={chartY.errorId} message={chartY.error} />
          </fieldset>
        </div>
      ) : null}
    </section>
  )
}
