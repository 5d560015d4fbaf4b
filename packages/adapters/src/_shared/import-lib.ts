import { adapterError } from './adapter-error'

/** A driver module, given directly or as a loader (`() => import('nodemailer')`). */
export type LibImport<TLib> = TLib | Promise<TLib> | (() => TLib | Promise<TLib>)

/** The npm package an adapter loads lazily, and the range it was tested with. */
export interface AdapterDependency {
  readonly name: string
  readonly version: string
}

/**
 * Loads an optional peer: the `lib` option when given, else `import(name)`. A missing package
 * becomes a `SOURCE_UNAVAILABLE` error that names the fix.
 */
export async function importLib<TLib>(
  adapter: string,
  dependency: AdapterDependency,
  options: { readonly lib?: LibImport<TLib>; readonly load: () => Promise<unknown> },
): Promise<TLib> {
  if (options.lib !== undefined) {
    const lib = options.lib
    return typeof lib === 'function' ? await (lib as () => TLib | Promise<TLib>)() : await lib
  }
  try {
    const module = (await options.load()) as { default?: unknown }
    // CommonJS packages arrive as `{ default: module.exports }`.
    return (module.default ?? module) as TLib
  } catch (error) {
    throw adapterError(
      adapter,
      'SOURCE_UNAVAILABLE',
      `Cannot load "${dependency.name}": install it (npm i ${dependency.name}@"${dependency.version}") or provide it via the \`lib\` option.`,
      { cause: error },
    )
  }
}
