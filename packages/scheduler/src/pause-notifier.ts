import type { Logger } from '@reportwright/core'
import type { PauseWebhook, SchedulePausedNotice } from './scheduler-types'

/** Tells the owner hook and the webhook why a schedule paused; a failing listener is only logged. */
export async function notifyPaused(
  notice: SchedulePausedNotice,
  targets: {
    readonly notifyOwner?: (notice: SchedulePausedNotice) => void | Promise<void>
    readonly webhook?: PauseWebhook
    readonly logger: Logger
  },
): Promise<void> {
  const { notifyOwner, webhook, logger } = targets
  const log = { scheduleId: notice.scheduleId, tenantId: notice.tenantId }
  if (notifyOwner) {
    try {
      await notifyOwner(notice)
    } catch (error) {
      logger.warn({ ...log, error: String(error) }, 'notifyOwner threw')
    }
  }
  if (webhook) {
    const send = webhook.fetch ?? fetch
    try {
      const response = await send(webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...webhook.headers },
        body: JSON.stringify(notice),
      })
      if (!response.ok) logger.warn({ ...log, status: response.status }, 'pause webhook refused')
    } catch (error) {
      logger.warn({ ...log, error: String(error) }, 'pause webhook failed')
    }
  }
}
