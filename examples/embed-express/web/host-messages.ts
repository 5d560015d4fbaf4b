// The host product's own words, in its two languages. Reportwright's components bring theirs.

/** Languages of the demo host. */
export const HOST_LANGUAGES = ['en', 'de'] as const
/** One of {@link HOST_LANGUAGES}. */
export type HostLanguage = (typeof HOST_LANGUAGES)[number]

const en = {
  product: 'Acme Analytics',
  navLabel: 'Main',
  navDashboard: 'Dashboard',
  navCustomers: 'Customers',
  navReports: 'Reports',
  user: 'Signed in as',
  language: 'Language',
  darkMode: 'Dark mode',
  title: 'Reports',
  intro:
    'Build reports on your sales data, schedule them and send them to your team. Runs and downloads appear on the right.',
  newReport: 'New report',
  showRunsOf: 'Show runs of',
  pickReport: 'Save a report to see its runs here.',
  skipToContent: 'Skip to content',
  loadingSession: 'Signing in…',
  sessionFailed: 'Could not sign in to the reporting service.',
  footer: 'Reports are built with Reportwright, embedded with a signed token per user.',
}

/** The host's texts; German must name every English key. */
export type HostMessages = typeof en

const de: HostMessages = {
  product: 'Acme Analytics',
  navLabel: 'Hauptmenü',
  navDashboard: 'Übersicht',
  navCustomers: 'Kunden',
  navReports: 'Berichte',
  user: 'Angemeldet als',
  language: 'Sprache',
  darkMode: 'Dunkles Design',
  title: 'Berichte',
  intro:
    'Erstellen Sie Berichte über Ihre Verkaufsdaten, planen Sie sie und senden Sie sie an Ihr Team. Ausführungen und Downloads erscheinen rechts.',
  newReport: 'Neuer Bericht',
  showRunsOf: 'Ausführungen von',
  pickReport: 'Speichern Sie einen Bericht, um hier seine Läufe zu sehen.',
  skipToContent: 'Zum Inhalt springen',
  loadingSession: 'Anmeldung…',
  sessionFailed: 'Die Anmeldung beim Berichtsdienst ist fehlgeschlagen.',
  footer: 'Berichte mit Reportwright, eingebettet mit einem signierten Token pro Benutzer.',
}

/** The host's texts in `language`. */
export function hostMessages(language: HostLanguage): HostMessages {
  return language === 'de' ? de : en
}
