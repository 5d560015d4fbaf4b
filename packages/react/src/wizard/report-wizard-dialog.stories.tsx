import { useState } from 'react'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { createMemoryClient } from '../testing'
import type { MemoryClient } from '../testing'
import { ReportWizardDialog } from './report-wizard-dialog'
import { PREPARED_DEFINITION, StoryProvider } from './story-support'

interface Loaded {
  readonly client: MemoryClient
}

const meta = {
  title: 'Wizard/ReportWizardDialog',
  component: ReportWizardDialog,
  loaders: [
    async (): Promise<Loaded> => ({
      client: createMemoryClient({
        reports: [{ id: 'weekly-revenue', definition: PREPARED_DEFINITION as never }],
      }),
    }),
  ],
  args: {
    trigger: (
      <button type="button" className="rw-button" data-variant="primary">
        Create report
      </button>
    ),
  },
  // The dialog renders in a portal on <body>: check all of it.
  parameters: { a11y: { context: 'body' } },
  render: (args, context) => (
    <StoryProvider client={(context.loaded as Loaded).client} globals={context.globals}>
      <ReportWizardDialog {...args} />
    </StoryProvider>
  ),
} satisfies Meta<typeof ReportWizardDialog>
export default meta
type Story = StoryObj<typeof meta>

/** Closed, with its trigger. */
export const Closed: Story = {}

/** Open on the first step. */
export const Open: Story = {
  args: { defaultOpen: true },
  play: async ({ canvasElement }) => {
    const screen = within(canvasElement.ownerDocument.body)
    const dialog = await screen.findByRole('dialog', { name: 'New report' })
    await expect(await within(dialog).findByRole('radio', { name: 'Sales' })).toBeInTheDocument()
  },
}

/** German and dark, editing a saved report. */
export const EditGermanDark: Story = {
  args: { defaultOpen: true, reportId: 'weekly-revenue', initialStep: 'settings' },
  globals: { locale: 'de', theme: 'dark' },
  play: async ({ canvasElement }) => {
    const screen = within(canvasElement.ownerDocument.body)
    const dialog = await screen.findByRole('dialog', { name: 'Bericht bearbeiten' })
    await expect(await within(dialog).findByRole('combobox', { name: 'Dateiformat' })).toHaveValue(
      'xlsx',
    )
  },
}

/** Escape closes a dialog without changes at once; with changes, it asks first. */
export const AsksBeforeDiscarding: Story = {
  play: async ({ canvasElement }) => {
    const user = userEvent.setup()
    const screen = within(canvasElement.ownerDocument.body)
    const trigger = within(canvasElement).getByRole('button', { name: 'Create report' })
    await user.click(trigger)
    let dialog = await screen.findByRole('dialog', { name: 'New report' })
    await within(dialog).findByRole('radio', { name: 'Sales' })
    // Focus starts at the step, not on the Close button.
    await expect(within(dialog).getByRole('heading', { name: /^Step 1 of 5/ })).toHaveFocus()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    await expect(trigger).toHaveFocus()

    await user.keyboard('{Enter}')
    dialog = await screen.findByRole('dialog', { name: 'New report' })
    await user.click(await within(dialog).findByRole('radio', { name: 'Sales' }))
    await user.keyboard('{Escape}')
    const confirm = await screen.findByRole('alertdialog', { name: 'Discard unsaved changes?' })
    await user.click(within(confirm).getByRole('button', { name: 'Keep editing' }))
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument())
    await expect(screen.getByRole('dialog', { name: 'New report' })).toBeInTheDocument()
    await expect(screen.getByRole('radio', { name: 'Sales' })).toBeChecked()

    await user.click(screen.getByRole('button', { name: 'Close' }))
    const again = await screen.findByRole('alertdialog', { name: 'Discard unsaved changes?' })
    await user.click(within(again).getByRole('button', { name: 'Discard changes' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
  },
}

/** Opened by the host's own button (no `trigger`), e.g. an Edit button in a list. */
function HostOpened() {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="rw-button" onClick={() => setOpen(true)}>
        Edit weekly revenue
      </button>
      <ReportWizardDialog open={open} onOpenChange={setOpen} reportId="weekly-revenue" />
    </>
  )
}

/**
 * Without a trigger: focus starts on the step's heading and, on close, goes back to the
 * button that opened the dialog.
 */
export const WithoutTrigger: Story = {
  render: (_args, context) => (
    <StoryProvider client={(context.loaded as Loaded).client} globals={context.globals}>
      <HostOpened />
    </StoryProvider>
  ),
  play: async ({ canvasElement }) => {
    const user = userEvent.setup()
    const screen = within(canvasElement.ownerDocument.body)
    const opener = within(canvasElement).getByRole('button', { name: 'Edit weekly revenue' })
    opener.focus()
    await user.keyboard('{Enter}')
    const dialog = await screen.findByRole('dialog', { name: 'Edit report' })
    await waitFor(() =>
      expect(within(dialog).getByRole('heading', { name: /^Step 1 of 5/ })).toHaveFocus(),
    )
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    await waitFor(() => expect(opener).toHaveFocus())
  },
}
