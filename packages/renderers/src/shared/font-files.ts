import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** TrueType files the PDF and PNG paths embed; DejaVu covers Latin, Greek and Cyrillic. */
export interface FontFiles {
  readonly regular: string
  readonly bold: string
}

/** DejaVu Sans Condensed from `dejavu-fonts-ttf`: narrow enough for wide finance tables. */
export function defaultFontFiles(): FontFiles {
  return {
    regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'),
    bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'),
  }
}
