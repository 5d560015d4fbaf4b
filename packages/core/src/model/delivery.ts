import * as z from 'zod'
import { OUTPUT_FORMATS } from './output'
import type { OutputFormat } from './output'

// Header injection: names and subjects never contain line breaks.
const singleLine = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\r\n]*$/, 'Must be a single line')

export const DeliverySpecSchema = z.strictObject({
  enabled: z.boolean(),
  recipients: z
    .array(z.strictObject({ name: singleLine(200).optional(), email: z.email().max(254) }))
    .max(100),
  subject: singleLine(300),
  body: z.string().max(20_000),
  attachFormat: z.enum(OUTPUT_FORMATS).optional(),
})

/** Who receives the report by email, and what the message says (`{{variables}}` allowed). */
export interface DeliverySpec {
  readonly enabled: boolean
  readonly recipients: readonly { readonly name?: string; readonly email: string }[]
  readonly subject: string
  readonly body: string
  /** Defaults to `output.format`. */
  readonly attachFormat?: OutputFormat
}
