import { Readable } from 'node:stream'
import { ReportwrightError } from '../errors/reportwright-error'
import type { RunRecord } from '../ports/storage-adapter'
import { ApiIdSchema } from './api-schemas'
import { toApiRun } from './api-serialize'
import { contentDisposition, jsonResponse, safeContentType } from './http-response'
import { parseWith } from './read-request'
import type { Route, RouteInput } from './route-types'

async function readRun(input: RouteInput): Promise<RunRecord> {
  const id = parseWith(ApiIdSchema, input.params.id, 'run id')
  const run = await input.runtime.engine.storage.runs.get(input.context, id)
  if (!run) throw new ReportwrightError({ code: 'NOT_FOUND', message: `No run "${id}".` })
  return run
}

/** Run detail and file download. */
export const runRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/runs/:id',
    handle: async (input) => jsonResponse(toApiRun(await readRun(input))),
  },
  {
    method: 'GET',
    path: '/runs/:id/file',
    handle: async (input) => {
      const run = await readRun(input)
      // The file was rendered with the runner's column rights, which may exceed the caller's.
      if (run.userId !== input.context.userId)
        throw new ReportwrightError({
          code: 'FORBIDDEN',
          message:
            'Only the person who ran a report may download its file (it holds what their roles may see); run it yourself.',
        })
      if (!run.file)
        throw new ReportwrightError({
          code: 'NOT_FOUND',
          message: `Run "${run.id}" has no file (it is ${run.status}).`,
        })
      const stream = await input.runtime.engine.files.get(run.file.key)
      await input.audit({ action: 'run.download', runId: run.id, reportId: run.reportId })
      return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
        status: 200,
        headers: {
          'content-type': safeContentType(run.file.contentType),
          'content-length': String(run.file.size),
          'content-disposition': contentDisposition(run.file.filename),
          'cache-control': 'private, no-store',
        },
      })
    },
  },
]
