import { useState } from 'react'
import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'
import { withMemoryClient } from '../stories/story-provider'
import { ConfirmDialog } from './confirm-dialog'

function DialogDemo(props: { readonly onConfirm: () => void; readonly label: string }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="rw-button" onClick={() => setOpen(true)}>
        {props.label}
      </button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title="Delete report?"
        description="“Open orders” and its schedule will be deleted."
        confirmLabel="Delete report"
        onConfirm={() => {
          props.onConfirm()
          setOpen(false)
        }}
      />
    </>
  )
}

const meta = {
  title: 'Components/ConfirmDialog',
  component: DialogDemo,
  args: { onConfirm: fn(), label: 'Open dialog' },
  decorators: [withMemoryClient()],
} satisfies Meta<typeof DialogDemo>
export default meta

type Story = StoryObj<typeof meta>

export const FocusTrapAndEscape: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement)
    const page = within(canvasElement.ownerDocument.body)
    const trigger = canvas.getByRole('button', { name: 'Open dialog' })
    await userEvent.click(trigger)
    const dialog = await page.findByRole('alertdialog', { name: 'Delete report?' })
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true))
    // Tab cycles inside the dialog.
    for (let step = 0; step < 4; step++) {
      await userEvent.tab()
      await expect(dialog.contains(document.activeElement)).toBe(true)
    }
    await userEvent.keyboard('{Escape}')
    await waitFor(() => expect(page.queryByRole('alertdialog')).toBeNull())
    await waitFor(() => expect(document.activeElement).toBe(trigger))
    await expect(args.onConfirm).not.toHaveBeenCalled()
  },
}

export const Confirm: Story = {
  play: async ({ canvasElement, args }) => {
    const page = within(canvasElement.ownerDocument.body)
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Open dialog' }))
    await userEvent.click(await page.findByRole('button', { name: 'Delete report' }))
    await expect(args.onConfirm).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(page.queryByRole('alertdialog')).toBeNull())
  },
}

export const GermanDark: Story = {
  globals: { locale: 'de', theme: 'dark' },
  args: { label: 'Dialog öffnen' },
  play: async ({ canvasElement }) => {
    const page = within(canvasElement.ownerDocument.body)
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Dialog öffnen' }))
    const dialog = await page.findByRole('alertdialog')
    await expect(within(dialog).getByRole('button', { name: 'Abbrechen' })).toBeInTheDocument()
    await expect(dialog).toHaveAttribute('data-rw-theme', 'dark')
  },
}
