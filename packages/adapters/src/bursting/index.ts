/**
 * `@reportwright/adapters/bursting`: per-recipient delivery, each copy rendered under the
 * recipient's own RequestContext, and the delivered / partially delivered / failed summary.
 *
 * @packageDocumentation
 */
export { deliverPerRecipient } from './deliver-per-recipient'
export type {
  BurstRecipient,
  BurstRecipientResult,
  BurstResult,
  DeliverPerRecipientOptions,
} from './deliver-per-recipient'
export { deliveryOutcome } from '../_shared/delivery-outcome'
export type { DeliveryOutcome } from '../_shared/delivery-outcome'
