import type { StorageAdapter } from '@reportwright/core'
import { validateDeliveryTemplates } from './email-templates'
import type { EmailTemplateOptions } from './email-templates'

/**
 * Wraps a storage so that saving a report whose delivery subject or body names an unknown
 * variable fails with `INVALID_DEFINITION` (listing the known ones) before anything is written.
 */
export function withTemplateValidation<TStorage extends StorageAdapter>(
  storage: TStorage,
  options: EmailTemplateOptions = {},
): TStorage {
  const reports = storage.reports
  return {
    ...storage,
    reports: {
      ...reports,
      list: reports.list.bind(reports),
      get: reports.get.bind(reports),
      delete: reports.delete.bind(reports),
      async create(ctx, definition) {
        validateDeliveryTemplates(definition, options)
        return reports.create(ctx, definition)
      },
      async update(ctx, id, definition, expectedRevision) {
        validateDeliveryTemplates(definition, options)
        return reports.update(ctx, id, definition, expectedRevision)
      },
    },
  }
}
