import { createRequire } from 'node:module'
import type { Readable } from 'node:stream'

const require = createRequire(import.meta.url)

/** A pdfmake document definition; the shape is pdfmake's, checked by pdfmake when it lays out. */
export type PdfmakeDocument = Record<string, unknown>

/** The pdfkit document pdfmake lays out into: a readable PDF once `end()` is called. */
export interface PdfmakeOutput extends Readable {
  end(): void
}

interface PrinterLike {
  createPdfKitDocument(document: PdfmakeDocument, options: object): Promise<PdfmakeOutput>
}
type PrinterClass = new (
  fonts: object,
  virtualfs: unknown,
  urlResolver: unknown,
  localAccessPolicy: (path: string) => boolean,
) => PrinterLike
type UrlResolverClass = new (virtualfs: unknown) => {
  setUrlAccessPolicy(policy: (url: string) => boolean): void
}

interface PdfmakeModules {
  readonly Printer: PrinterClass
  readonly UrlResolver: UrlResolverClass
  readonly virtualfs: unknown
}

let modules: PdfmakeModules | undefined

function loadPdfmake(): PdfmakeModules {
  // pdfmake's own printer rather than its singleton: no shared fonts or policies between
  // renderers, and no console warnings about policies we do set.
  modules ??= {
    Printer: (require('pdfmake/js/Printer.js') as { default: PrinterClass }).default,
    UrlResolver: (require('pdfmake/js/URLResolver.js') as { default: UrlResolverClass }).default,
    virtualfs: (require('pdfmake/js/virtual-fs.js') as { default: unknown }).default,
  }
  return modules
}

/**
 * Lays a document out with pdfmake. Report content never fetches anything: URLs are refused and
 * the only local files pdfmake may open are the given fonts (images arrive as data URLs).
 */
export function printWithPdfmake(
  document: PdfmakeDocument,
  fonts: { readonly regular: string | Buffer; readonly bold: string | Buffer },
): Promise<PdfmakeOutput> {
  const { Printer, UrlResolver, virtualfs } = loadPdfmake()
  const urlResolver = new UrlResolver(virtualfs)
  urlResolver.setUrlAccessPolicy(() => false)
  const allowed = new Set([fonts.regular, fonts.bold].filter((font) => typeof font === 'string'))
  const family = {
    normal: fonts.regular,
    bold: fonts.bold,
    italics: fonts.regular,
    bolditalics: fonts.bold,
  }
  const printer = new Printer({ rw: family }, virtualfs, urlResolver, (path) => allowed.has(path))
  return printer.createPdfKitDocument(document, {})
}
