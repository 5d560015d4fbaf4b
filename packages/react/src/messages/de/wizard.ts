import type { wizardEn } from '../en/wizard'

export const wizardDe: Record<keyof typeof wizardEn, string> = {
  'wizard.title': 'Wizard',
}
