import type { previewEn } from '../en/preview'

export const previewDe: Record<keyof typeof previewEn, string> = {
  'preview.title': 'Preview',
}
