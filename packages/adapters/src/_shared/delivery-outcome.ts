import type { RunDelivery } from '@reportwright/core'

/** How a run's deliveries went, as a whole. */
export type DeliveryOutcome = 'delivered' | 'partially_delivered' | 'failed' | 'none'

/**
 * Summarises a run's deliveries: `delivered` when every recipient accepted, `partially_delivered`
 * when some did, `failed` when none did, `none` when there was nothing to send.
 */
export function deliveryOutcome(deliveries: readonly RunDelivery[]): DeliveryOutcome {
  const accepted = deliveries.reduce((sum, d) => sum + d.accepted.length, 0)
  const rejected = deliveries.reduce((sum, d) => sum + d.rejected.length, 0)
  const errors = deliveries.filter((d) => d.error !== undefined && d.accepted.length === 0).length
  if (accepted === 0 && rejected === 0 && errors === 0) return 'none'
  if (accepted === 0) return 'failed'
  return rejected === 0 && errors === 0 ? 'delivered' : 'partially_delivered'
}
