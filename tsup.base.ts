import type { Options } from 'tsup'

/** Shared tsup options: ESM + declarations, dependencies stay external. */
export const baseConfig: Options = {
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
  splitting: true,
}
