/**
 * Who is asking. The host builds it from its own session or a signed embed token; every
 * compile, preview, run and storage call is checked against it.
 */
export interface RequestContext {
  readonly userId: string
  /** Required when any dataset involved declares a `tenantColumn`. */
  readonly tenantId?: string
  /** Roles that unlock role-restricted columns, e.g. `owner`, `admin`, `manager`. */
  readonly roles: readonly string[]
  /** Intl locale for labels, numbers and dates. Defaults to `en-US`. */
  readonly locale?: string
  /** IANA time zone for date buckets and relative dates. Defaults to `UTC`. */
  readonly timezone?: string
}
