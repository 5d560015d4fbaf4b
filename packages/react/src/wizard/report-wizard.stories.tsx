import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { createMemoryClient } from '../testing'
import type { MemoryClient } from '../testing'
import { ReportWizard } from './report-wizard'
import type { ReportWizardProps } from './report-wizard'
import { PREPARED_DEFINITION, StoryProvider } from './story-support'

interface Loaded {
  readonly client: MemoryClient
}

const meta = {
  title: 'Wizard/ReportWizard',
  component: ReportWizard,
  loaders: [async (): Promise<Loaded> => ({ client: createMemoryClient({ reports: [] }) })],
  render: (args, context) => (
    <StoryProvider client={(context.loaded as Loaded).client} globals={context.globals}>
      <ReportWizard {...args} />
    </StoryProvider>
  ),
} satisfies Meta<typeof ReportWizard>
export default meta
type Story = StoryObj<typeof meta>

const clientOf = (loaded: unknown): MemoryClient => (loaded as Loaded).client

/** A new report from the first step. */
export const NewReport: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(await canvas.findByRole('radio', { name: 'Sales' })).not.toBeChecked()
    await expect(canvas.getByRole('navigation', { name: 'Report steps' })).toBeInTheDocument()
  },
}

/** Builds a report end to end with the keyboard-reachable controls, saves it and runs it. */
export const BuildAndSave: Story = {
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement)
    const user = userEvent.setup()
    await user.click(await canvas.findByRole('radio', { name: 'Sales' }))
    await user.click(canvas.getByRole('button', { name: 'Next' }))

    await user.click(await canvas.findByRole('checkbox', { name: 'Order date' }))
    await user.click(canvas.getByRole('checkbox', { name: 'Customer › Segment' }))
    await user.click(canvas.getByRole('checkbox', { name: 'Amount' }))
    await user.selectOptions(
      canvas.getByRole('combobox', { name: 'Aggregation for Amount' }),
      'sum',
    )
    await user.click(canvas.getByRole('button', { name: 'Next' }))

    await user.click(await canvas.findByRole('button', { name: 'Add filter' }))
    await user.selectOptions(
      canvas.getByRole('combobox', { name: 'Operator of filter 1' }),
      'previous',
    )
    await user.selectOptions(canvas.getByRole('combobox', { name: 'Unit of filter 1' }), 'week')
    await user.click(canvas.getByRole('button', { name: 'Next' }))

    await user.selectOptions(await canvas.findByRole('combobox', { name: 'File format' }), 'xlsx')
    await user.click(canvas.getByRole('checkbox', { name: 'Run on a schedule' }))
    await expect(canvas.getByRole('combobox', { name: 'Frequency' })).toHaveValue('weekly')
    await expect(await canvas.findByText(/^Every Monday at 8:00\sAM/)).toBeInTheDocument()
    await user.click(canvas.getByRole('checkbox', { name: 'Send by email' }))
    await user.type(
      canvas.getByRole('textbox', { name: 'Recipient email' }),
      'cfo@example.com{Enter}',
    )
    await expect(canvas.getByRole('button', { name: 'Remove cfo@example.com' })).toBeInTheDocument()
    await user.click(canvas.getByRole('button', { name: 'Next' }))

    await expect(await canvas.findByRole('textbox', { name: 'Report name' })).toHaveValue(
      'Sales report',
    )
    await user.click(canvas.getByRole('button', { name: 'Save report' }))
    await expect(await canvas.findByText('Report saved.')).toBeInTheDocument()
    const client = clientOf(loaded)
    const saved = [...client.store.reports.values()]
    await expect(saved).toHaveLength(1)
    await expect(saved[0]?.definition).toMatchObject({
      name: 'Sales report',
      dataset: 'sales',
      fields: [
        { field: 'order_date' },
        { field: 'customer.segment' },
        { field: 'amount', aggregation: 'sum' },
      ],
      filters: [{ field: 'order_date', operator: 'previous', value: { unit: 'week' } }],
      output: { format: 'xlsx' },
      schedule: { frequency: 'weekly', dayOfWeek: 1 },
      delivery: { recipients: [{ email: 'cfo@example.com' }] },
    })

    await user.click(canvas.getByRole('button', { name: 'Run now' }))
    await expect(await canvas.findByText(/The report is running/)).toBeInTheDocument()
    await waitFor(() => expect(client.store.runs.size).toBe(1))
  },
}

/** Next stays on a step with errors and announces them. */
export const ValidationBlocksNext: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const user = userEvent.setup()
    await canvas.findByRole('radio', { name: 'Sales' })
    await user.click(canvas.getByRole('button', { name: 'Next' }))
    const alert = canvas.getAllByRole('alert').find((element) => element.textContent !== '')
    await expect(alert).toHaveTextContent('Choose a data source.')
    await expect(canvas.getByRole('heading', { level: 3 })).toHaveTextContent('Data source')
    const current = canvasElement.querySelector('[aria-current="step"]')
    await expect(current).toHaveTextContent('Data source')

    await user.click(canvas.getByRole('radio', { name: 'Sales' }))
    await user.click(canvas.getByRole('button', { name: 'Next' }))
    await user.click(await canvas.findByRole('button', { name: 'Next' }))
    await expect(canvas.getByRole('heading', { level: 3 })).toHaveTextContent('Fields')
    await expect(
      canvas.getByText('Choose at least one field.', { selector: 'a' }),
    ).toBeInTheDocument()
  },
}

/** Editing a saved report loads it and saves a new revision. */
export const EditExisting: Story = {
  loaders: [
    async (): Promise<Loaded> => ({
      client: createMemoryClient({
        reports: [{ id: 'weekly-revenue', definition: PREPARED_DEFINITION as never }],
      }),
    }),
  ],
  args: { reportId: 'weekly-revenue', initialStep: 'review' },
  play: async ({ canvasElement, loaded }) => {
    const canvas = within(canvasElement)
    const user = userEvent.setup()
    const name = await canvas.findByRole('textbox', { name: 'Report name' })
    await waitFor(() => expect(name).toHaveValue('Weekly revenue by segment'))
    await user.clear(name)
    await user.type(name, 'Revenue by segment')
    await user.click(canvas.getByRole('button', { name: 'Save report' }))
    await expect(await canvas.findByText('Report saved.')).toBeInTheDocument()
    const report = clientOf(loaded).store.reports.get('weekly-revenue')
    await expect(report?.revision).toBe(2)
    await expect(report?.definition).toMatchObject({ name: 'Revenue by segment' })
  },
}

type StepId = NonNullable<ReportWizardProps['initialStep']>

// Each step story waits for content that only appears once data has loaded, so axe checks the
// step itself rather than the loading state.
const READY: Readonly<Record<StepId, { en: [string, string]; de: [string, string] }>> = {
  source: { en: ['radio', 'Sales'], de: ['radio', 'Sales'] },
  fields: {
    en: ['combobox', 'Aggregation for Amount'],
    de: ['combobox', 'Aggregation für Amount'],
  },
  filters: { en: ['combobox', 'Unit of filter 1'], de: ['combobox', 'Einheit von Filter 1'] },
  settings: { en: ['combobox', 'File format'], de: ['combobox', 'Dateiformat'] },
  review: { en: ['button', 'Save report'], de: ['button', 'Bericht speichern'] },
}
const NEXT_RUNS = { en: 'Next runs', de: 'Nächste Ausführungen' }

const stepStory = (step: StepId, language: 'en' | 'de'): Story => ({
  args: { initialStep: step, initialDefinition: PREPARED_DEFINITION },
  ...(language === 'de' ? { globals: { locale: 'de', theme: 'dark' } } : {}),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const [role, name] = READY[step][language]
    await expect(await canvas.findByRole(role as 'button', { name })).toBeInTheDocument()
    await expect(canvasElement.querySelector('[aria-current="step"]')).toBeInTheDocument()
    if (step === 'settings')
      await expect(await canvas.findByText(NEXT_RUNS[language])).toBeVisible()
    if (step === 'review') await expect(await canvas.findByRole('table')).toBeInTheDocument()
  },
})

export const DataSourceStep = stepStory('source', 'en')
export const DataSourceStepGermanDark: Story = {
  ...stepStory('source', 'de'),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(
      await canvas.findByRole('heading', { name: 'Schritt 1 von 5: Datenquelle' }),
    ).toBeInTheDocument()
    await expect(await canvas.findByRole('radio', { name: 'Sales' })).toBeChecked()
  },
}
export const FieldsStep = stepStory('fields', 'en')
export const FieldsStepGermanDark = stepStory('fields', 'de')
export const FiltersStep = stepStory('filters', 'en')
export const FiltersStepGermanDark = stepStory('filters', 'de')
export const SettingsStep = stepStory('settings', 'en')
export const SettingsStepGermanDark = stepStory('settings', 'de')
export const PreviewAndSaveStep = stepStory('review', 'en')
export const PreviewAndSaveStepGermanDark = stepStory('review', 'de')
