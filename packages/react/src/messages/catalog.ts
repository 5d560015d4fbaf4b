import { commonDe } from './de/common'
import { listDe } from './de/list'
import { previewDe } from './de/preview'
import { runsDe } from './de/runs'
import { wizardDe } from './de/wizard'
import { commonEn } from './en/common'
import { listEn } from './en/list'
import { previewEn } from './en/preview'
import { runsEn } from './en/runs'
import { wizardEn } from './en/wizard'

/** English, the default catalog: every key the components use. */
export const messagesEn = {
  ...commonEn,
  ...wizardEn,
  ...listEn,
  ...runsEn,
  ...previewEn,
} as const

/** A key of the message catalog. */
export type MessageKey = keyof typeof messagesEn

/** A complete message catalog: the German one is typed this way, so a missing key fails the build. */
export type Messages = Readonly<Record<MessageKey, string>>

/** German, complete. */
export const messagesDe: Messages = {
  ...commonDe,
  ...wizardDe,
  ...listDe,
  ...runsDe,
  ...previewDe,
}
