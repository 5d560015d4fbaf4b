/** Texts of the list components. Keys are prefixed with `list.`. */
export const listEn = {
  'list.title': 'List',
} as const
