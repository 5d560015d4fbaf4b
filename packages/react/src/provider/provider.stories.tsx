import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, within } from 'storybook/test'
import type { ReportwrightClient } from '@reportwright/core/client'
import { messagesDe } from '../messages/de/index'
import { ReportwrightProvider } from './reportwright-provider'
import { useReportwright } from './reportwright-context'

function Sample() {
  const { t, formatNumber } = useReportwright()
  return (
    <p>
      {t('common.save')} {formatNumber(1234.5)}
    </p>
  )
}

const meta = {
  title: 'Provider',
  component: Sample,
} satisfies Meta<typeof Sample>
export default meta

export const German: StoryObj<typeof meta> = {
  render: () => (
    <ReportwrightProvider client={{} as ReportwrightClient} locale="de" messages={messagesDe}>
      <Sample />
    </ReportwrightProvider>
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Speichern 1.234,5')).toBeInTheDocument()
  },
}
