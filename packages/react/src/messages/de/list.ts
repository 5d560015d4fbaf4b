import type { listEn } from '../en/list'

export const listDe: Record<keyof typeof listEn, string> = {
  'list.title': 'List',
}
