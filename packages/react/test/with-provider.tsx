import type { ReactNode } from 'react'
import type { ReportwrightClient } from '@reportwright/core/client'
import { ReportwrightProvider } from '../src/provider/reportwright-provider'
import { messagesForLocale } from '../src/stories/messages-for-locale'

/** A wrapper for `render`/`renderHook` that provides a client, locale and theme. */
export function withProvider(client: ReportwrightClient, locale = 'en', theme = 'light') {
  return function Wrapper({ children }: { children?: ReactNode }) {
    return (
      <ReportwrightProvider
        client={client}
        locale={locale}
        theme={theme}
        messages={messagesForLocale(locale)}
      >
        {children}
      </ReportwrightProvider>
    )
  }
}
