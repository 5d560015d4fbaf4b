import * as z from 'zod'
import { ReportDefinitionSchema } from './report-definition'

/** The JSON Schema of a report definition (input form), for clients that do not use TypeScript. */
export const reportDefinitionJsonSchema: Record<string, unknown> = z.toJSONSchema(
  ReportDefinitionSchema,
  { io: 'input', unrepresentable: 'any' },
) as Record<string, unknown>
