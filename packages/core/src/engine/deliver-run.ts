import { ReportwrightError } from '../errors/reportwright-error'
import type { DeliverySpec } from '../model/delivery'
import type { DeliveryMessage, DeliveryResult } from '../ports/delivery-adapter'
import type { FileStore } from '../ports/file-store'
import type { RunFile } from '../ports/storage-adapter'
import { escapeHtml, renderTemplate, reportTemplateVariables } from '../template/render-template'
import { cancelledError, describeError } from './engine-errors'
import type { EngineRuntime } from './engine-runtime'
import type { RunInput, RunState } from './run-lifecycle'

/** What goes into one delivery message besides the run itself. */
interface Letter {
  readonly spec: DeliverySpec
  readonly file: RunFile
  readonly rowCount: number
  readonly downloadUrl: string | undefined
  /** The adapter's attachment limit; a larger file goes as a link or a note instead. */
  readonly maxAttachmentBytes: number | undefined
}

/**
 * The run's deliver step: emails the stored file to the report's recipients and records every
 * attempt in `state.deliveries`. Fails with `DELIVERY_FAILED` when there is no adapter, the
 * adapter throws, or every recipient is rejected.
 */
export async function deliverRun(
  runtime: EngineRuntime,
  input: RunInput,
  state: RunState,
): Promise<void> {
  const spec = input.definition.delivery
  const file = state.file
  if (!spec || spec.recipients.length === 0 || !file) return
  const adapter = runtime.delivery
  if (!adapter) {
    const message =
      'This report is set to be emailed but the engine has no delivery adapter: pass `delivery` (e.g. smtpDelivery() from @reportwright/adapters/delivery/smtp) to createReportEngine.'
    state.deliveries.push({ channel: 'none', accepted: [], rejected: [], error: message })
    throw new ReportwrightError({ code: 'DELIVERY_FAILED', message })
  }

  const downloadUrl = await downloadLinkFor(runtime, file, input.record.id)
  const message = deliveryMessage(runtime.files, input, {
    spec,
    file,
    rowCount: state.rowCount,
    downloadUrl,
    maxAttachmentBytes: adapter.maxAttachmentBytes,
  })

  let result: DeliveryResult
  try {
    result = await adapter.send(message, input.signal ? { signal: input.signal } : {})
  } catch (error) {
    if (input.signal?.aborted) throw cancelledError(error)
    const rw = ReportwrightError.fromUnknown(error, 'DELIVERY_FAILED')
    state.deliveries.push({ channel: adapter.name, accepted: [], rejected: [], error: rw.message })
    throw rw.code === 'DELIVERY_FAILED'
      ? rw
      : new ReportwrightError({ code: 'DELIVERY_FAILED', message: rw.message, cause: rw })
  }
  state.deliveries.push({
    channel: adapter.name,
    accepted: [...result.accepted],
    rejected: result.rejected.map((r) => ({ ...r })),
  })
  if (result.accepted.length === 0 && result.rejected.length > 0) {
    const list = result.rejected.map((r) => `${r.email} (${r.reason})`).join(', ')
    throw new ReportwrightError({
      code: 'DELIVERY_FAILED',
      message: `Every recipient was rejected: ${list}. Check the addresses in the report's email settings.`,
      details: { rejected: result.rejected },
    })
  }
}

/** A link to the stored file, when the file store makes them; a failure only costs the link. */
async function downloadLinkFor(
  runtime: EngineRuntime,
  file: RunFile,
  runId: string,
): Promise<string | undefined> {
  const { files } = runtime
  if (!files.getDownloadUrl) return undefined
  try {
    return await files.getDownloadUrl(file.key, {
      expiresInSeconds: runtime.downloadLinkTtlSeconds,
    })
  } catch (error) {
    runtime.logger.warn({ runId, error: describeError(error) }, 'could not create a download link')
    return undefined
  }
}

/** The message from the report's templates, with the file attached unless it is too large. */
function deliveryMessage(files: FileStore, input: RunInput, letter: Letter): DeliveryMessage {
  const { spec, file, downloadUrl, maxAttachmentBytes } = letter
  const tooLarge = maxAttachmentBytes !== undefined && file.size > maxAttachmentBytes
  const variables = reportTemplateVariables(
    {
      id: input.record.id,
      startedAt: input.startedAt,
      asOf: input.asOf,
      rowCount: letter.rowCount,
      format: input.format,
      ...(downloadUrl ? { downloadUrl } : {}),
    },
    input.definition,
    input.context,
  )
  // Values such as the report name may hold line breaks; a subject never does.
  const subject =
    renderTemplate(spec.subject, variables)
      .replace(/[\r\n]+/g, ' ')
      .trim() || input.definition.name
  let text = renderTemplate(spec.body, variables)
  let html = renderTemplate(escapeHtml(spec.body), variables, { escape: 'html' }).replace(
    /\r?\n/g,
    '<br>\n',
  )
  if (tooLarge) {
    const note = tooLargeNote(file.size, { runId: input.record.id, downloadUrl })
    text += note.text
    html += note.html
  }
  return {
    to: spec.recipients.map((recipient) => ({
      email: recipient.email,
      ...(recipient.name ? { name: recipient.name } : {}),
    })),
    subject,
    text,
    html,
    ...(tooLarge
      ? {}
      : {
          attachments: [
            {
              filename: file.filename,
              contentType: file.contentType,
              size: file.size,
              open: () => files.get(file.key),
            },
          ],
        }),
    idempotencyKey: input.idempotencyKey,
  }
}

/** What stands in for a file too large to attach: the download link, else where to find the run. */
function tooLargeNote(
  bytes: number,
  { runId, downloadUrl }: { readonly runId: string; readonly downloadUrl: string | undefined },
): { readonly text: string; readonly html: string } {
  const size = formatBytes(bytes)
  if (downloadUrl) {
    return {
      text: `\n\nThe report (${size}) is too large to attach. Download it here: ${downloadUrl}`,
      html: `<p>The report (${escapeHtml(size)}) is too large to attach. <a href="${escapeHtml(downloadUrl)}">Download it here</a>.</p>`,
    }
  }
  const note = `The report (${size}) is too large to attach. Open run ${runId} in the report history to download it.`
  return { text: `\n\n${note}`, html: `<p>${escapeHtml(note)}</p>` }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
