// Mounts the fetch-standard Reportwright handler on /api/reports/*.
import { reportHandler } from '../../../../lib/report-handler'

// PGlite and the engine need Node; every answer depends on the request.
export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

async function handle(request: Request): Promise<Response> {
  const handler = await reportHandler()
  return handler(request)
}

export { handle as DELETE, handle as GET, handle as POST, handle as PUT }
