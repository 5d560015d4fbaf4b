import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestContext } from '../src/context/request-context'
import type { ReportRole } from '../src/http/api-schemas'
import { parseReportDefinition } from '../src/model/report-definition'
import type { FixtureEngine } from '../src/testing/engines'
import { openFixtureEngine } from '../src/testing/engines'
import { salesDefinition, startHarness } from './http-harness'
import type { Harness } from './http-harness'

type Target = 'own' | 'colleague' | 'otherTenant'
type ReportAction = 'get' | 'update' | 'delete' | 'execute' | 'listRuns' | 'download'

const ROLES: readonly ReportRole[] = ['owner', 'admin', 'manager', 'user', 'readonly']
const TARGETS: readonly Target[] = ['own', 'colleague', 'otherTenant']

// The expected HTTP status of every cell: [own report, colleague's report, other tenant's report].
// A download is of the run the report's author started (files carry the runner's column rights).
const EXPECTED: Readonly<Record<ReportAction, Readonly<Record<ReportRole, readonly number[]>>>> = {
  get: {
    owner: [200, 200, 404],
    admin: [200, 200, 404],
    manager: [200, 200, 404],
    user: [200, 200, 404],
    readonly: [200, 200, 404],
  },
  update: {
    owner: [200, 200, 404],
    admin: [200, 200, 404],
    manager: [200, 200, 404],
    user: [200, 403, 404],
    readonly: [403, 403, 404],
  },
  delete: {
    owner: [204, 204, 404],
    admin: [204, 204, 404],
    manager: [204, 204, 404],
    user: [204, 403, 404],
    readonly: [403, 403, 404],
  },
  execute: {
    owner: [202, 202, 404],
    admin: [202, 202, 404],
    manager: [202, 202, 404],
    user: [202, 403, 404],
    readonly: [403, 403, 404],
  },
  listRuns: {
    owner: [200, 200, 404],
    admin: [200, 200, 404],
    manager: [200, 200, 404],
    user: [200, 200, 404],
    readonly: [200, 200, 404],
  },
  download: {
    owner: [200, 403, 404],
    admin: [200, 403, 404],
    manager: [200, 403, 404],
    user: [200, 403, 404],
    readonly: [200, 403, 404],
  },
}

// Actions without a target report: [create, list, preview, capabilities, datasets].
const EXPECTED_GLOBAL: Readonly<Record<ReportRole, readonly number[]>> = {
  owner: [201, 200, 200, 200, 200],
  admin: [201, 200, 200, 200, 200],
  manager: [201, 200, 200, 200, 200],
  user: [201, 200, 200, 200, 200],
  readonly: [403, 200, 200, 200, 200],
}

const subject = (role: ReportRole): RequestContext => ({
  userId: `${role}-1`,
  tenantId: 'acme',
  roles: [role],
})
const colleague: RequestContext = { userId: 'colleague', tenantId: 'acme', roles: ['user'] }
const stranger: RequestContext = { userId: 'stranger', tenantId: 'globex', roles: ['owner'] }

let fixture: FixtureEngine
let harness: Harness

beforeAll(async () => {
  const opened = await openFixtureEngine('pglite')
  if (!opened) throw new Error('PGlite is required for the authorization matrix')
  fixture = opened
  harness = await startHarness(fixture.catalog)
})
afterAll(async () => {
  await harness.close()
  await fixture.close()
})

/** A fresh report owned by the target's author (written straight to storage), run once for downloads. */
async function arrange(role: ReportRole, target: Target, action: ReportAction) {
  // Authors write as `user`: storage may refuse a readonly author, who may only have been demoted.
  const author =
    target === 'own'
      ? { ...subject(role), roles: ['user'] }
      : target === 'colleague'
        ? colleague
        : stranger
  const report = await harness.engine.storage.reports.create(
    author,
    parseReportDefinition(salesDefinition(`${role} ${target}`)),
  )
  // Only downloads need a finished run (and its file); the others start from none.
  const runId =
    action === 'download' ? (await harness.engine.run(report.id, { context: author })).id : ''
  return { report, runId, runs: runId ? 1 : 0, tenantId: author.tenantId ?? '' }
}

async function call(
  role: ReportRole,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  const token = await harness.tokenFor(subject(role))
  return fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
}

const ACTIONS: Readonly<
  Record<ReportAction, (role: ReportRole, reportId: string, runId: string) => Promise<Response>>
> = {
  get: (role, id) => call(role, 'GET', `/reports/${id}`),
  update: (role, id) =>
    call(role, 'PUT', `/reports/${id}`, { definition: salesDefinition('Edited') }),
  delete: (role, id) => call(role, 'DELETE', `/reports/${id}`),
  execute: (role, id) => call(role, 'POST', `/reports/${id}/execute`, {}),
  listRuns: (role, id) => call(role, 'GET', `/reports/${id}/runs`),
  download: (role, _id, runId) => call(role, 'GET', `/runs/${runId}/file`),
}

const cells = (Object.keys(EXPECTED) as ReportAction[]).flatMap((action) =>
  ROLES.flatMap((role) =>
    TARGETS.map((target, index) => ({
      action,
      role,
      target,
      status: EXPECTED[action][role][index] as number,
    })),
  ),
)

describe('authorization matrix: 5 roles × every action × own / colleague / other tenant', () => {
  it.each(cells)('$action by $role on $target report → $status', async (cell) => {
    const { report, runId, runs, tenantId } = await arrange(cell.role, cell.target, cell.action)
    const response = await ACTIONS[cell.action](cell.role, report.id, runId)
    expect(response.status).toBe(cell.status)
    if (response.status >= 400) {
      const body = (await response.json()) as { error: { code: string } }
      expect(body.error.code).toBe(response.status === 404 ? 'NOT_FOUND' : 'FORBIDDEN')
    } else await response.arrayBuffer()

    // What storage holds afterwards proves a refused request changed nothing.
    const stored = await harness.engine.storage.reports.get(
      { userId: 'check', tenantId, roles: ['admin'] },
      report.id,
    )
    const changed = cell.status < 400
    if (cell.action === 'delete') expect(stored === undefined).toBe(changed)
    else if (cell.action === 'update') expect(stored?.revision).toBe(changed ? 2 : 1)
    else expect(stored?.revision).toBe(1)
    if (cell.action === 'execute') {
      await harness.handler.drain()
      const after = await harness.engine.storage.runs.listByReport(
        { userId: 'check', tenantId, roles: ['admin'] },
        report.id,
      )
      expect(after.items).toHaveLength(runs + (changed ? 1 : 0))
    }
  })

  it.each(ROLES)('create, list, preview, capabilities and datasets as %s', async (role) => {
    const statuses = [
      (await call(role, 'POST', '/reports', { definition: salesDefinition('New') })).status,
      (await call(role, 'GET', '/reports')).status,
      (await call(role, 'POST', '/preview', { definition: salesDefinition() })).status,
      (await call(role, 'GET', '/capabilities')).status,
      (await call(role, 'GET', '/datasets')).status,
    ]
    expect(statuses).toEqual(EXPECTED_GLOBAL[role])
  })

  it('a context without a known role is an author by default, like storage; defaultRole changes it', async () => {
    const token = await harness.tokenFor({ userId: 'guest', tenantId: 'acme', roles: ['sales'] })
    const post = (baseUrl: string) =>
      fetch(`${baseUrl}/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ definition: salesDefinition('Guest report') }),
      })
    expect((await post(harness.baseUrl)).status).toBe(201)
    const strict = await startHarness(fixture.catalog, { defaultRole: 'readonly' })
    try {
      expect((await post(strict.baseUrl)).status).toBe(403)
    } finally {
      await strict.close()
    }
  })
})
