import type { commonEn } from '../en/common'

export const commonDe: Record<keyof typeof commonEn, string> = {
  'common.cancel': 'Abbrechen',
  'common.close': 'Schließen',
  'common.save': 'Speichern',
  'common.delete': 'Löschen',
  'common.edit': 'Bearbeiten',
  'common.loading': 'Wird geladen …',
  'common.retry': 'Erneut versuchen',
  'common.confirm': 'Bestätigen',
  'error.INVALID_DEFINITION': 'Der Bericht ist unvollständig oder enthält einen ungültigen Wert.',
  'error.UNKNOWN_DATASET': 'Diese Datenquelle steht Ihnen nicht zur Verfügung.',
  'error.UNKNOWN_FIELD': 'Ein Feld dieses Berichts existiert nicht mehr.',
  'error.FORBIDDEN_FIELD': 'Sie dürfen eines der Felder dieses Berichts nicht verwenden.',
  'error.FORBIDDEN': 'Dazu sind Sie nicht berechtigt.',
  'error.NOT_FOUND': 'Der Bericht wurde nicht gefunden. Vielleicht wurde er gelöscht.',
  'error.LIMIT_EXCEEDED':
    'Der Bericht ist zu groß. Fügen Sie Filter hinzu oder senken Sie das Zeilenlimit.',
  'error.SOURCE_UNAVAILABLE':
    'Die Datenquelle ist gerade nicht erreichbar. Bitte versuchen Sie es erneut.',
  'error.QUERY_FAILED':
    'Die Daten konnten nicht gelesen werden. Bitte versuchen Sie es erneut oder ändern Sie den Bericht.',
  'error.CANCELLED': 'Die Anfrage wurde abgebrochen.',
  'error.unknown': 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
}
