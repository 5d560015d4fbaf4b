import { defineConfig } from 'tsup'
import { baseConfig } from '../../tsup.base'

export default defineConfig({
  ...baseConfig,
  // The package tsconfig is composite (for `tsc -b`); the declaration build reads one entry at a time.
  dts: { compilerOptions: { composite: false } },
  entry: {
    index: 'src/index.ts',
    csv: 'src/csv/csv-renderer.ts',
    xlsx: 'src/xlsx/xlsx-renderer.ts',
    pdf: 'src/pdf/pdf-renderer.ts',
    pptx: 'src/pptx/pptx-renderer.ts',
    html: 'src/html/html-renderer.ts',
    chart: 'src/chart/svg-chart.ts',
  },
})
