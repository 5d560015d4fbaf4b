// A pragmatic subset of RFC 5321: one @, no spaces, quotes, angle brackets or control characters.
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/

/** True for a plain address (`name@example.com`) that is safe to put in an envelope or header. */
export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email) && !email.includes('..')
}

/** Text safe for a header: line breaks and other control characters become spaces. */
export function headerSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
}

/** Splits recipients into valid ones and rejections that never reach the wire. */
export function partitionRecipients(
  to: readonly { readonly email: string; readonly name?: string }[],
): {
  readonly valid: readonly { readonly email: string; readonly name?: string }[]
  readonly rejected: readonly { readonly email: string; readonly reason: string }[]
} {
  const valid: { email: string; name?: string }[] = []
  const rejected: { email: string; reason: string }[] = []
  const seen = new Set<string>()
  for (const recipient of to) {
    if (!isValidEmail(recipient.email)) {
      rejected.push({ email: recipient.email, reason: 'invalid email address' })
      continue
    }
    const key = recipient.email.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    const name = recipient.name === undefined ? undefined : headerSafe(recipient.name)
    valid.push({ email: recipient.email, ...(name ? { name } : {}) })
  }
  return { valid, rejected }
}
