/**
 * `@reportwright/adapters/templates`: delivery subjects and bodies with mustache (logic-less),
 * checked when a report is saved.
 *
 * @packageDocumentation
 */
export {
  EMAIL_TEMPLATE_VARIABLES,
  emailTemplateValues,
  renderEmail,
  validateDeliveryTemplates,
  validateEmailTemplate,
} from './email-templates'
export type {
  EmailTemplateOptions,
  EmailTemplateValues,
  EmailTemplateValuesInput,
  EmailTemplates,
  RenderedEmail,
} from './email-templates'
export { withTemplateValidation } from './template-validating-storage'
