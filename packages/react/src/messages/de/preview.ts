import type { previewEn } from '../en/preview'

/** German texts of the preview components. */
export const previewDe: Record<keyof typeof previewEn, string> = {
  'preview.title': 'Vorschau',
  'preview.loading': 'Vorschau wird geladen …',
  'preview.updating': 'Vorschau wird aktualisiert …',
  'preview.empty': 'Keine Zeilen passen zu diesem Bericht.',
  'preview.nothing':
    'Wählen Sie eine Datenquelle und mindestens ein Feld, um eine Vorschau zu sehen.',
  'preview.error': 'Die Vorschau konnte nicht geladen werden.',
  'preview.caption': 'Erste {count} Zeilen von {name}',
  'preview.captionMore': 'Erste {count} Zeilen von {name}; der Bericht enthält weitere.',
  'preview.totals': 'Summe',
  'preview.chart': 'Diagramm',
  'preview.chartTitle': '{series} nach {x}',
  'preview.chartLoading': 'Diagramm wird geladen …',
  'preview.chartUnavailable': 'Das Diagramm braucht die Spalten, die es im Bericht nennt.',
  'preview.yes': 'Ja',
  'preview.no': 'Nein',
  'preview.blank': '(leer)',
  'preview.quarter': 'Q{quarter} {year}',
  'preview.weekOf': 'Woche vom {date}',
}
