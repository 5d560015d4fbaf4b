import { ReportwrightError } from '@reportwright/core'

/**
 * Checks a file key: relative, `/`-separated, no `.` / `..` segments, no backslash, NUL or
 * control characters, 1024 characters at most. Throws FORBIDDEN otherwise.
 */
export function assertSafeKey(adapter: string, key: string): string {
  const segments = key.split('/')
  const safe =
    key.length > 0 &&
    key.length <= 1024 &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f\\]/.test(key) &&
    !key.startsWith('/') &&
    !/^[A-Za-z]:/.test(key) &&
    segments.every((segment) => segment !== '' && segment !== '.' && segment !== '..')
  if (!safe) {
    throw new ReportwrightError({
      code: 'FORBIDDEN',
      message: `[reportwright] [${adapter}] Refused file key ${JSON.stringify(key)}: keys are relative paths of non-empty segments without "..", backslashes or control characters.`,
    })
  }
  return key
}
