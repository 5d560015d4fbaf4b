import { describe, expect, it } from 'vitest'
import { navigate, stepAfter, stepBefore } from './wizard-navigation'
import type { WizardIssue } from './wizard-types'

const issue = (step: WizardIssue['step']): WizardIssue => ({
  step,
  path: step,
  key: 'wizard.error.invalid',
})

describe('navigate', () => {
  it('moves forward when the steps in between are valid', () => {
    expect(navigate('source', 'settings', [issue('review')])).toEqual({
      step: 'settings',
      blockedBy: [],
    })
  })

  it('does not leave a step with errors forward', () => {
    expect(navigate('fields', 'filters', [issue('fields')])).toEqual({
      step: 'fields',
      blockedBy: ['fields'],
    })
  })

  it('stops a jump at the first step with errors', () => {
    expect(navigate('source', 'review', [issue('filters'), issue('settings')])).toEqual({
      step: 'filters',
      blockedBy: ['filters'],
    })
  })

  it('always allows going back', () => {
    expect(navigate('settings', 'source', [issue('settings')])).toEqual({
      step: 'source',
      blockedBy: [],
    })
  })

  it('knows the neighbours and stays put at the ends', () => {
    expect(stepAfter('source')).toBe('fields')
    expect(stepAfter('review')).toBe('review')
    expect(stepBefore('source')).toBe('source')
    expect(stepBefore('review')).toBe('settings')
  })
})
