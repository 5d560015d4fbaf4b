/**
 * `@reportwright/react/messages/de`: the complete German catalog. It is a separate entry so apps
 * that do not show German do not ship it.
 *
 * @example
 * ```tsx
 * <ReportwrightProvider client={client} locale="de-DE" messages={messagesDe}>
 * ```
 *
 * @packageDocumentation
 */
import type { Messages } from '../catalog'
import { commonDe } from './common'
import { listDe } from './list'
import { previewDe } from './preview'
import { runsDe } from './runs'
import { wizardDe } from './wizard'

/** German, complete. */
export const messagesDe: Messages = {
  ...commonDe,
  ...wizardDe,
  ...listDe,
  ...runsDe,
  ...previewDe,
}
