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

/**
 * A complete message catalog. Other languages are typed this way, so a missing key fails their
 * build; pass one to the provider's `messages`.
 */
export type Messages = Readonly<Record<MessageKey, string>>
