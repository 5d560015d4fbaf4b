/** Values a message may interpolate: `{name}` placeholders. */
export type MessageValues = Readonly<Record<string, string | number>>

/** Replaces `{name}` placeholders; an unknown placeholder stays visible so a gap is noticed. */
export function formatMessage(template: string, values?: MessageValues): string {
  if (!values) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  )
}
