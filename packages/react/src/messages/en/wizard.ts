/** Texts of the wizard components. Keys are prefixed with `wizard.`. */
export const wizardEn = {
  'wizard.title': 'Wizard',
} as const
