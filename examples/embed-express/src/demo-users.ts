// The host's own users. In a real product they come from its session; here a picker chooses one.

/** A signed-in user of the demo host, with the tenant (company) they belong to. */
export interface DemoUser {
  readonly id: string
  readonly name: string
  readonly email: string
  /** The company account: every report and query of this user is scoped to it. */
  readonly tenantId: string
  readonly company: string
  readonly roles: readonly string[]
  readonly timezone: string
}

/** Two users of two tenants, so the demo shows that one tenant never sees the other's data. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    id: 'ada',
    name: 'Ada Lovelace',
    email: 'ada@acme.example',
    tenantId: 'acme',
    company: 'Acme Corp',
    roles: ['admin'],
    timezone: 'Europe/Berlin',
  },
  {
    id: 'grace',
    name: 'Grace Hopper',
    email: 'grace@globex.example',
    tenantId: 'globex',
    company: 'Globex',
    roles: ['user'],
    timezone: 'America/New_York',
  },
]

/** The demo user with this id, or `undefined`. */
export function findDemoUser(id: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.id === id)
}
