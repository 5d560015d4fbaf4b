import { ReportwrightError } from '@reportwright/core'
import type {
  DeliveryAdapter,
  DeliveryAttachment,
  OutputFormat,
  ReportDefinition,
  ReportEngine,
  RequestContext,
  RunDelivery,
  StorageAdapter,
} from '@reportwright/core'
import { emailTemplateValues, renderEmail } from '../templates/email-templates'
import type { EmailTemplateOptions, EmailTemplateValues } from '../templates/email-templates'
import { deliveryOutcome } from '../_shared/delivery-outcome'
import type { DeliveryOutcome } from '../_shared/delivery-outcome'

/** One recipient of a per-recipient distribution. */
export interface BurstRecipient {
  readonly email: string
  readonly name?: string
}

/** What became of one recipient. */
export interface BurstRecipientResult {
  readonly email: string
  /** `delivered`; `rejected` by the server; `failed` to render or send; `skipped` without a context. */
  readonly status: 'delivered' | 'rejected' | 'failed' | 'skipped'
  /** The run that rendered this recipient's copy, recorded under their own context. */
  readonly runId?: string
  readonly fileKey?: string
  readonly reason?: string
}

/** The record of one per-recipient distribution. */
export interface BurstResult {
  readonly outcome: DeliveryOutcome
  readonly recipients: readonly BurstRecipientResult[]
  /** One entry per recipient, ready for `RunOutcome.deliveries`; `channel` is `<adapter>:<runId>`. */
  readonly deliveries: readonly RunDelivery[]
  /** The distribution's own run, when `record` was given. */
  readonly runId?: string
}

/** Options of {@link deliverPerRecipient}. */
export interface DeliverPerRecipientOptions {
  readonly engine: ReportEngine
  /** The report; its `delivery` gives recipients, subject and body unless overridden. */
  readonly definition: ReportDefinition
  /** Who receives a copy. Defaults to `definition.delivery.recipients`. */
  readonly recipients?: readonly BurstRecipient[]
  /**
   * The host maps a recipient to their own RequestContext (their tenant, roles and column
   * rights); `undefined` skips them. The author's context is never used to render.
   */
  resolveRecipientContext(recipient: BurstRecipient): Promise<RequestContext | undefined>
  readonly delivery: DeliveryAdapter
  /** The file format. Defaults to `delivery.attachFormat`, else `output.format`. */
  readonly format?: OutputFormat
  /** `'attachment-only'` sends the file with an empty body. Defaults to `'message'`. */
  readonly body?: 'message' | 'attachment-only'
  /** Host variables for the templates (declared in `templates.extraVariables`). */
  readonly values?: EmailTemplateValues
  readonly templates?: EmailTemplateOptions
  /** Records the distribution as a run of its own, under the author's context. */
  readonly record?: {
    readonly storage: StorageAdapter
    readonly context: RequestContext
    readonly reportId?: string
  }
  /** Links to files too large to attach live this long. Defaults to 7 days. */
  readonly downloadLinkTtlSeconds?: number
  readonly signal?: AbortSignal
  /** Source of the run date in templates. Defaults to the system clock. */
  readonly clock?: { now(): Date }
}

/**
 * Per-recipient delivery ("bursting"): each recipient gets a copy rendered under their own
 * RequestContext (the same tenant, role and column rules as the wizard, never the author's), sent
 * on its own, and every copy and send is recorded. Recipients run one after another so a large
 * list never opens many queries at once.
 */
export async function deliverPerRecipient(
  options: DeliverPerRecipientOptions,
): Promise<BurstResult> {
  const { engine, definition, delivery } = options
  const spec = definition.delivery
  const recipients = options.recipients ?? spec?.recipients ?? []
  const templates = { subject: spec?.subject ?? '{{report_name}}', body: spec?.body ?? '' }
  // Refuse bad templates before anything runs.
  renderEmail(templates, {}, options.templates)
  const now = () => (options.clock ? options.clock.now() : new Date())
  const parent = options.record
    ? await options.record.storage.runs.start(options.record.context, {
        ...(options.record.reportId !== undefined ? { reportId: options.record.reportId } : {}),
        reportName: definition.name,
        format: options.format ?? spec?.attachFormat ?? definition.output.format,
        trigger: 'manual',
      })
    : undefined

  const results: BurstRecipientResult[] = []
  const deliveries: RunDelivery[] = []
  const single = { ...definition, delivery: undefined } as ReportDefinition
  for (const recipient of recipients) {
    if (options.signal?.aborted) {
      results.push({ email: recipient.email, status: 'skipped', reason: 'cancelled' })
      continue
    }
    const result = await deliverOne(recipient)
    results.push(result)
    // The copy's run id rides in `channel` (`smtp:<runId>`) until RunDelivery has a field for it.
    const channel = result.runId ? `${delivery.name}:${result.runId}` : delivery.name
    deliveries.push(
      result.status === 'delivered'
        ? { channel, accepted: [recipient.email], rejected: [] }
        : {
            channel,
            accepted: [],
            rejected: [{ email: recipient.email, reason: result.reason ?? result.status }],
          },
    )
  }
  const outcome = deliveryOutcome(deliveries)
  if (parent && options.record) {
    await options.record.storage.runs.finish(options.record.context, parent.id, {
      status: outcome === 'failed' && recipients.length > 0 ? 'failed' : 'succeeded',
      rowCount: 0,
      deliveries,
      ...(outcome === 'failed' && recipients.length > 0
        ? { error: { code: 'DELIVERY_FAILED', message: 'No recipient received the report.' } }
        : {}),
    })
  }
  return { outcome, recipients: results, deliveries, ...(parent ? { runId: parent.id } : {}) }

  async function deliverOne(recipient: BurstRecipient): Promise<BurstRecipientResult> {
    let context: RequestContext | undefined
    try {
      context = await options.resolveRecipientContext(recipient)
    } catch (error) {
      return { email: recipient.email, status: 'failed', reason: describe(error) }
    }
    if (!context) {
      return { email: recipient.email, status: 'skipped', reason: 'no context for this recipient' }
    }
    const run = await engine.run(single, {
      context,
      deliver: false,
      ...(options.format ? { format: options.format } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    })
    if (run.status !== 'succeeded' || !run.file) {
      return {
        email: recipient.email,
        status: 'failed',
        runId: run.id,
        reason: run.error ? `${run.error.code}: ${run.error.message}` : run.status,
      }
    }
    const file = run.file
    const tooLarge =
      delivery.maxAttachmentBytes !== undefined && file.size > delivery.maxAttachmentBytes
    const downloadUrl =
      engine.files.getDownloadUrl && tooLarge
        ? await engine.files
            .getDownloadUrl(file.key, {
              expiresInSeconds: options.downloadLinkTtlSeconds ?? 604_800,
            })
            .catch(() => undefined)
        : undefined
    const values = emailTemplateValues({
      reportName: definition.name,
      runAt: now(),
      ...(context.timezone ? { timezone: context.timezone } : {}),
      ...(context.locale ? { locale: context.locale } : {}),
      rowCount: run.rowCount,
      ...(downloadUrl ? { downloadUrl } : {}),
      ...(options.values ? { extra: options.values } : {}),
    })
    const email = renderEmail(templates, values, options.templates)
    const attachOnly = options.body === 'attachment-only'
    // A body that does not place {{download_url}} itself still gets the link.
    const linkNote =
      tooLarge && downloadUrl && !templates.body.includes('download_url')
        ? `\n\n${downloadUrl}`
        : ''
    const attachment: DeliveryAttachment = {
      filename: file.filename,
      contentType: file.contentType,
      size: file.size,
      open: () => engine.files.get(file.key),
    }
    if (tooLarge && !downloadUrl) {
      return {
        email: recipient.email,
        status: 'failed',
        runId: run.id,
        fileKey: file.key,
        reason: `the file (${file.size} bytes) is above the ${delivery.name} attachment limit and the file store makes no download links`,
      }
    }
    try {
      const sent = await delivery.send(
        {
          to: [
            recipient.name
              ? { email: recipient.email, name: recipient.name }
              : { email: recipient.email },
          ],
          subject: email.subject || definition.name,
          text: attachOnly && !tooLarge ? '' : email.text + linkNote,
          ...(attachOnly && !tooLarge ? {} : { html: email.html }),
          ...(tooLarge ? {} : { attachments: [attachment] }),
          idempotencyKey: `run:${run.id}:${recipient.email.toLowerCase()}`,
        },
        options.signal ? { signal: options.signal } : {},
      )
      const refusal = sent.rejected[0]
      if (sent.accepted.length > 0) {
        return { email: recipient.email, status: 'delivered', runId: run.id, fileKey: file.key }
      }
      return {
        email: recipient.email,
        status: 'rejected',
        runId: run.id,
        fileKey: file.key,
        reason: refusal?.reason ?? 'not accepted',
      }
    } catch (error) {
      return {
        email: recipient.email,
        status: 'failed',
        runId: run.id,
        fileKey: file.key,
        reason: describe(error),
      }
    }
  }
}

function describe(error: unknown): string {
  return ReportwrightError.fromUnknown(error, 'DELIVERY_FAILED').message
}
