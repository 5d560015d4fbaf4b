import type { Decorator, Preview } from '@storybook/react-vite'
import '../src/styles/base.css'
import '../src/styles/components.css'
import '../src/styles/wizard.css'

// Stories render inside a themed page; each story sets up its own provider and client.
const withTheme: Decorator = (Story, context) => {
  const theme = (context.globals['theme'] as string | undefined) ?? 'light'
  return (
    <div data-rw-theme={theme} className="rw-root" style={{ padding: 16, minHeight: '100vh' }}>
      <Story />
    </div>
  )
}

const preview: Preview = {
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'Theme',
      toolbar: { title: 'Theme', items: ['light', 'dark'], dynamicTitle: true },
    },
    locale: {
      description: 'Language',
      toolbar: { title: 'Language', items: ['en', 'de'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  parameters: {
    // axe runs on every story; a violation fails the story's test.
    a11y: { test: 'error' },
  },
}

export default preview
