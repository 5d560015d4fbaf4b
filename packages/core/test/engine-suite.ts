import { afterAll, beforeAll, describe } from 'vitest'
import { ENGINE_NAMES, checkFixtureEngine, openFixtureEngine } from '../src/testing/engines'
import type { EngineName, FixtureEngine, FixtureEngineStatus } from '../src/testing/engines'

/**
 * Availability of every engine, checked once when this module loads so suites can be skipped
 * (not failed) at collection time. Prints one skip line per missing service; throws when
 * `RW_REQUIRE_SERVICES=1` and a service is missing.
 */
export const ENGINE_STATUS: Readonly<Record<EngineName, FixtureEngineStatus>> = Object.fromEntries(
  await Promise.all(
    ENGINE_NAMES.map(async (name) => [name, await checkFixtureEngine(name)] as const),
  ),
) as Record<EngineName, FixtureEngineStatus>

/** Options of {@link describeEngines}. */
export interface DescribeEnginesOptions {
  /** Engines to run on; defaults to all of {@link ENGINE_NAMES}. */
  readonly engines?: readonly EngineName[]
}

/**
 * Declares one suite per engine holding the sales fixture. The engine is opened in `beforeAll`
 * and closed in `afterAll`; a suite whose service is unreachable is skipped.
 *
 * @example
 * ```ts
 * describeEngines('parity', (getEngine, name) => {
 *   it('counts sales', async () => {
 *     const { catalog, source } = getEngine()
 *     ...
 *   })
 * })
 * ```
 */
export function describeEngines(
  title: string,
  fn: (getEngine: () => FixtureEngine, name: EngineName) => void,
  options: DescribeEnginesOptions = {},
): void {
  describe(title, () => {
    for (const name of options.engines ?? ENGINE_NAMES) {
      describe.skipIf(!ENGINE_STATUS[name].available)(name, () => {
        let engine: FixtureEngine | undefined
        beforeAll(async () => {
          engine = await openFixtureEngine(name)
          if (!engine)
            throw new Error(
              `[reportwright] ${name} became unavailable after the availability check`,
            )
        })
        afterAll(async () => {
          await engine?.close()
          engine = undefined
        })
        fn(() => {
          if (!engine)
            throw new Error(
              `The ${name} engine is not open: call getEngine() inside a test or hook`,
            )
          return engine
        }, name)
      })
    }
  })
}
