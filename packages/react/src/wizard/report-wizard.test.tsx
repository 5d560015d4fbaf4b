import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import { ReportwrightProvider } from '../provider/reportwright-provider'
import { createMemoryClient } from '../testing'
import type { MemoryClientOptions } from '../testing'
import { ReportWizard } from './report-wizard'
import type { ReportWizardProps } from './report-wizard'
import { PREPARED_DEFINITION } from './story-support'

function renderWizard(props: ReportWizardProps, clientOptions: MemoryClientOptions = {}) {
  const client = createMemoryClient({ reports: [], ...clientOptions })
  render(
    <ReportwrightProvider client={client}>
      <ReportWizard initialDefinition={PREPARED_DEFINITION} {...props} />
    </ReportwrightProvider>,
  )
  return client
}

// Without vitest globals Testing Library does not unmount between tests by itself.
afterEach(cleanup)

const valueOf = (element: HTMLElement): string => (element as HTMLInputElement).value

/** The text of the elements `aria-describedby` points at. */
const descriptionOf = (element: HTMLElement): string =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')

const columnLabels = (): string[] =>
  screen
    .getAllByRole('textbox', { name: /^Column label for / })
    .map((input) => (input as HTMLInputElement).value)

describe('<ReportWizard>', () => {
  it('reorders fields by drag and drop and by buttons, keeping focus on the button', async () => {
    renderWizard({ initialStep: 'fields' })
    await screen.findByRole('combobox', { name: 'Aggregation for Amount' })
    expect(columnLabels()).toEqual(['Week', '', 'Revenue'])
    const [first, , last] = screen.getAllByRole('listitem').filter((item) => item.draggable)
    if (!first || !last) throw new Error('expected three selected fields')
    fireEvent.dragStart(last, { dataTransfer: { effectAllowed: '' } })
    fireEvent.dragOver(first)
    fireEvent.drop(first)
    expect(columnLabels()).toEqual(['Revenue', 'Week', ''])

    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Move Order date down' }))
    expect(columnLabels()).toEqual(['Revenue', '', 'Week'])
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('button', { name: 'Move Order date up' }),
      ),
    )
  })

  it('suggests distinct values of a text field while typing a filter value', async () => {
    renderWizard({ initialStep: 'filters' })
    const value = await screen.findByRole('textbox', { name: 'Value of filter 2, option 1' })
    const user = userEvent.setup()
    await user.clear(value)
    await user.type(value, 'p')
    await waitFor(() => expect(value.getAttribute('list')).toBeTruthy())
    const list = document.getElementById(value.getAttribute('list') ?? '')
    const options = [...(list?.querySelectorAll('option') ?? [])].map((option) => option.value)
    expect(options).toContain('partner')
  })

  it('shows typed value inputs and relative dates per operator', async () => {
    renderWizard({ initialStep: 'filters' })
    const operator = await screen.findByRole('combobox', { name: 'Operator of filter 1' })
    const user = userEvent.setup()
    await user.selectOptions(operator, 'in_last')
    expect(valueOf(screen.getByRole('textbox', { name: 'Count of filter 1' }))).toBe('7')
    expect(valueOf(screen.getByRole('combobox', { name: 'Unit of filter 1' }))).toBe('day')
    await user.selectOptions(operator, 'between')
    expect(screen.getByLabelText('From of filter 1').getAttribute('type')).toBe('date')
    const amount = screen.getByRole('textbox', { name: 'Value of filter 2, option 2' })
    await user.clear(amount)
    await user.type(amount, 'abc')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(amount.getAttribute('aria-invalid')).toBe('true')
    expect(descriptionOf(amount)).toBe('Enter a number.')
    const alerts = screen.getAllByRole('alert').map((alert) => alert.textContent ?? '')
    expect(alerts.join(' ')).toContain('Enter a number.')
  })

  it('inserts variables at the caret and renders the email preview', async () => {
    renderWizard({ initialStep: 'settings' })
    const subject = await screen.findByRole('textbox', { name: 'Subject' })
    const user = userEvent.setup()
    await user.clear(subject)
    await user.type(subject, 'Report ')
    await user.click(screen.getByRole('button', { name: 'Insert {{report_name}}' }))
    expect(valueOf(subject)).toBe('Report {{report_name}}')
    const preview = screen.getByRole('region', { name: 'Email preview' })
    await waitFor(() => expect(preview.textContent).toContain('Report Weekly revenue by segment'))
  })

  it('validates recipients before adding them and removes them by their chip', async () => {
    renderWizard({ initialStep: 'settings' })
    const input = await screen.findByRole('textbox', { name: 'Recipient email' })
    const user = userEvent.setup()
    await user.type(input, 'not-an-email{Enter}')
    expect(descriptionOf(input)).toContain('Enter a valid email')
    await user.clear(input)
    await user.type(input, 'ops@example.com{Enter}')
    const chips = screen.getByRole('list', { name: 'Recipients' })
    expect(within(chips).getAllByRole('listitem')).toHaveLength(2)
    await user.click(screen.getByRole('button', { name: 'Remove finance@example.com' }))
    expect(within(chips).getAllByRole('listitem')).toHaveLength(1)
  })

  it('describes the schedule and lists its next three runs', async () => {
    renderWizard({ initialStep: 'settings' })
    // The sentence writes the time as the next runs do, in the provider's locale.
    expect(await screen.findByText('Every Monday at 8:00 AM (Europe/Berlin)')).toBeTruthy()
    await waitFor(() =>
      expect(document.querySelectorAll('.rw-wizard__next-runs li')).toHaveLength(3),
    )
    for (const run of document.querySelectorAll('.rw-wizard__next-runs li'))
      expect(run.textContent?.replace(/\s+/g, ' ')).toMatch(/^Monday, .* at 8:00 AM$/)
    const user = userEvent.setup()
    await user.selectOptions(screen.getByRole('combobox', { name: 'Frequency' }), 'monthly')
    expect(valueOf(screen.getByRole('spinbutton', { name: 'Day of the month' }))).toBe('1')
    expect(await screen.findByText('Monthly on day 1 at 8:00 AM (Europe/Berlin)')).toBeTruthy()
  })

  it('offers only allowed formats and hides email without the channel', async () => {
    renderWizard(
      {
        initialStep: 'settings',
        initialDefinition: { ...PREPARED_DEFINITION, delivery: undefined },
      },
      { capabilities: { formats: ['csv', 'xlsx'], deliveryChannels: [] } },
    )
    const format = await screen.findByRole('combobox', { name: 'File format' })
    const options = within(format)
      .getAllByRole('option')
      .map((option) => (option as HTMLOptionElement).value)
    expect(options).toEqual(['xlsx', 'csv'])
    expect(screen.queryByRole('checkbox', { name: 'Send by email' })).toBeNull()
  })

  it('keeps the preview while the name is typed', async () => {
    const client = renderWizard({ initialStep: 'review' })
    let previews = 0
    const preview = client.preview.bind(client)
    client.preview = (definition, options) => {
      previews += 1
      return preview(definition, options)
    }
    const table = await screen.findByRole('table')
    const status = document.querySelector('.rw-preview__status')
    await waitFor(() => expect(status?.textContent).toBe(''))
    const asked = previews
    const user = userEvent.setup()
    const name = screen.getByRole('textbox', { name: 'Report name' })
    await user.clear(name)
    await user.type(name, 'Revenue per week')
    // Neither "Updating…" nor a new request: the rows do not depend on the name.
    expect(status?.textContent).toBe('')
    expect(previews).toBe(asked)
    expect(table.isConnected).toBe(true)
    expect(within(table).getByText(/rows of Revenue per week/)).toBeTruthy()
  })

  it('shows a joined field by its own label inside its group, named in full', async () => {
    renderWizard({ initialStep: 'fields' })
    const segment = await screen.findByRole('checkbox', { name: 'Customer › Segment' })
    const label = document.querySelector(`label[for="${segment.id}"]`)
    const visible = [...(label?.childNodes ?? [])]
      .filter((node) => !(node instanceof HTMLElement && node.matches('.rw-visually-hidden')))
      .map((node) => node.textContent)
      .join('')
    expect(visible).toBe('Segment')
    const moveDown = screen.getByRole('button', { name: 'Move Customer › Segment down' })
    expect(moveDown.querySelector('[aria-hidden="true"]')?.textContent).toBe('↓ Down')
  })
})
