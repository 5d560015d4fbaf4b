/** Joins class names, skipping empty ones. */
export function classNames(...names: readonly (string | false | undefined)[]): string {
  return names.filter(Boolean).join(' ')
}

/** Props of a component's root element: `rw-root`, its own class, the host's, and the theme. */
export function rootProps(
  theme: string,
  ownClass: string,
  className: string | undefined,
): { readonly className: string; readonly 'data-rw-theme': string } {
  return { className: classNames('rw-root', ownClass, className), 'data-rw-theme': theme }
}
