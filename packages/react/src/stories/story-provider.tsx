import { useState, type ReactNode } from 'react'
import type { Decorator } from '@storybook/react-vite'
import { ReportwrightProvider } from '../provider/reportwright-provider'
import { createMemoryClient } from '../testing/memory-client'
import { messagesForLocale } from './messages-for-locale'
import type { MemoryClient, MemoryClientOptions } from '../testing/memory-client-types'

/** The memory client of the story being shown, for play functions to inspect. */
export const storyClients = new WeakMap<Element, MemoryClient>()

function StoryProvider(props: {
  readonly options: MemoryClientOptions
  readonly locale: string
  readonly theme: string
  readonly children: ReactNode
}): ReactNode {
  // One client per mounted story, so every story (and every test run) starts from the samples.
  const [client] = useState(() => createMemoryClient(props.options))
  return (
    <div
      ref={(node) => {
        if (node) storyClients.set(node, client)
      }}
      data-story-client=""
    >
      <ReportwrightProvider
        client={client}
        locale={props.locale}
        theme={props.theme}
        messages={messagesForLocale(props.locale)}
      >
        {props.children}
      </ReportwrightProvider>
    </div>
  )
}

/** A decorator giving the story a fresh memory client, with the toolbar's locale and theme. */
export function withMemoryClient(options: MemoryClientOptions = {}): Decorator {
  return function MemoryClientDecorator(Story, context) {
    const locale = (context.globals['locale'] as string | undefined) ?? 'en'
    const theme = (context.globals['theme'] as string | undefined) ?? 'light'
    return (
      <StoryProvider options={options} locale={locale} theme={theme}>
        <Story />
      </StoryProvider>
    )
  }
}

/** The memory client of the story rendered in `canvasElement`. */
export function clientOf(canvasElement: HTMLElement): MemoryClient {
  const holder = canvasElement.querySelector('[data-story-client]')
  const client = holder ? storyClients.get(holder) : undefined
  if (!client) throw new Error('The story has no memory client.')
  return client
}
