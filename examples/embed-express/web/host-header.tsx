// The host product's header: brand, navigation and the signed-in user's preferences.
import type { HostUser } from './embed-session'
import type { HostMessages } from './host-messages'
import type { HostLanguage } from './host-messages'
import type { useHostPreferences } from './use-host-preferences'

interface HostHeaderProps {
  readonly text: HostMessages
  readonly users: readonly HostUser[]
  readonly preferences: ReturnType<typeof useHostPreferences>
}

/** Brand, navigation, user picker, language switch and theme toggle. */
export function HostHeader({ text, users, preferences }: HostHeaderProps) {
  const { theme, setTheme, language, setLanguage, userId, setUserId } = preferences
  return (
    <header className="host-header">
      <div className="host-brand">
        <svg aria-hidden="true" viewBox="0 0 24 24" width="28" height="28">
          <rect x="2" y="12" width="5" height="10" rx="1" />
          <rect x="9.5" y="6" width="5" height="16" rx="1" />
          <rect x="17" y="2" width="5" height="20" rx="1" />
        </svg>
        <span>{text.product}</span>
      </div>
      <nav className="host-nav" aria-label={text.navLabel}>
        <a href="#dashboard">{text.navDashboard}</a>
        <a href="#customers">{text.navCustomers}</a>
        <a href="#reports-title" aria-current="page">
          {text.navReports}
        </a>
      </nav>
      <div className="host-controls">
        <label className="host-field">
          <span>{text.user}</span>
          <select value={userId} onChange={(event) => setUserId(event.target.value)}>
            {users.length === 0 ? <option value={userId}>{userId}</option> : null}
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name} ({user.company})
              </option>
            ))}
          </select>
        </label>
        <label className="host-field">
          <span>{text.language}</span>
          <select
            value={language}
            onChange={(event) => setLanguage(event.target.value as HostLanguage)}
          >
            <option value="en" lang="en">
              English
            </option>
            <option value="de" lang="de">
              Deutsch
            </option>
          </select>
        </label>
        <button
          type="button"
          className="host-button"
          aria-pressed={theme === 'dark'}
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          {text.darkMode}
        </button>
      </div>
    </header>
  )
}
