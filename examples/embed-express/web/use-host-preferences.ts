// The host's own preferences (theme, language, signed-in user), kept in localStorage so a reload
// keeps them, and mirrored on <html> for the host's stylesheet and screen readers.
import { useEffect, useState } from 'react'
import { HOST_LANGUAGES } from './host-messages'
import type { HostLanguage } from './host-messages'

/** Light or dark: the host's theme, passed on to Reportwright as its theme name. */
export type HostTheme = 'light' | 'dark'

function stored(key: string): string | null {
  try {
    return localStorage.getItem(`acme-analytics.${key}`)
  } catch {
    return null
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(`acme-analytics.${key}`, value)
  } catch {
    // Private mode: the preference lasts for this page only.
  }
}

function initialTheme(): HostTheme {
  const saved = stored('theme')
  if (saved === 'light' || saved === 'dark') return saved
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

function initialLanguage(): HostLanguage {
  const saved = stored('language')
  if ((HOST_LANGUAGES as readonly string[]).includes(saved ?? '')) return saved as HostLanguage
  return navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en'
}

/** Theme, language and user with their setters. */
export function useHostPreferences() {
  const [theme, setTheme] = useState<HostTheme>(initialTheme)
  const [language, setLanguage] = useState<HostLanguage>(initialLanguage)
  const [userId, setUserId] = useState<string>(() => stored('user') ?? 'ada')

  useEffect(() => {
    document.documentElement.dataset.theme = theme
    store('theme', theme)
  }, [theme])
  useEffect(() => {
    document.documentElement.lang = language
    store('language', language)
  }, [language])
  useEffect(() => store('user', userId), [userId])

  return { theme, setTheme, language, setLanguage, userId, setUserId }
}
