/** Texts of the preview components. Keys are prefixed with `preview.`. */
export const previewEn = {
  'preview.title': 'Preview',
} as const
