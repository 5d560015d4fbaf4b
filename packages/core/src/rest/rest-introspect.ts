import type { ColumnType } from '../catalog/column-type'
import type { IntrospectedColumn, IntrospectedTable } from '../source/source'
import type { RestRecord } from './rest-pages'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATETIME =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$/i
const DECIMAL = /^-?\d+\.\d+$/

/** What one JSON value looks like, from the narrowest guess to plain text. */
type Shape =
  'boolean' | 'integer' | 'decimal' | 'decimal-text' | 'date' | 'datetime' | 'text' | 'other'

function shapeOf(value: unknown): Shape {
  if (typeof value === 'boolean') return 'boolean'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'decimal'
  if (typeof value !== 'string') return 'other'
  if (DATE.test(value)) return 'date'
  if (DATETIME.test(value)) return 'datetime'
  // Digits-only text (zip codes, ids) stays text; a fraction makes it a decimal.
  if (DECIMAL.test(value)) return 'decimal-text'
  return 'text'
}

function merge(a: Shape, b: Shape): Shape {
  if (a === b) return a
  const pair = new Set([a, b])
  if (pair.has('other')) return 'other'
  if ([...pair].every((s) => s === 'integer' || s === 'decimal')) return 'decimal'
  if ([...pair].every((s) => s === 'date' || s === 'datetime')) return 'datetime'
  if ([...pair].every((s) => s === 'integer' || s === 'decimal' || s === 'decimal-text'))
    return 'decimal-text'
  return 'text'
}

const TYPE_BY_SHAPE: Readonly<Record<Shape, ColumnType | undefined>> = {
  boolean: 'boolean',
  integer: 'integer',
  decimal: 'number',
  'decimal-text': 'number',
  date: 'date',
  datetime: 'datetime',
  text: 'string',
  other: undefined,
}

const DATA_TYPE_BY_SHAPE: Readonly<Record<Shape, string>> = {
  boolean: 'json boolean',
  integer: 'json integer',
  decimal: 'json number',
  'decimal-text': 'json string (decimal)',
  date: 'json string (date)',
  datetime: 'json string (date-time)',
  text: 'json string',
  other: 'json object',
}

/**
 * Drafts the columns of an endpoint from a sample of its records (its first page): the keys of
 * every record, each typed by the values seen (integers, decimals and decimal text, ISO dates and
 * date-times, booleans, text). Keys only ever `null` get no type; objects and arrays are not
 * reportable. An `id` key unique and never empty in the sample is taken as the primary key.
 */
export function introspectRecords(name: string, records: readonly RestRecord[]): IntrospectedTable {
  const shapes = new Map<string, Shape | null>()
  const nullable = new Set<string>()
  records.forEach((record, index) => {
    for (const key of shapes.keys()) if (!Object.hasOwn(record, key)) nullable.add(key)
    for (const [key, value] of Object.entries(record)) {
      if (!shapes.has(key)) {
        shapes.set(key, null)
        // A key missing from earlier records was null there.
        if (index > 0) nullable.add(key)
      }
      if (value === null || value === undefined) {
        nullable.add(key)
        continue
      }
      const shape = shapeOf(value)
      const seen = shapes.get(key)
      shapes.set(key, seen ? merge(seen, shape) : shape)
    }
  })
  const ids = records.map((record) => record.id)
  const idIsKey =
    ids.length > 0 &&
    ids.every((id) => typeof id === 'number' || typeof id === 'string') &&
    new Set(ids).size === ids.length
  const columns: IntrospectedColumn[] = [...shapes].map(([key, shape]) => ({
    name: key,
    dataType: shape ? DATA_TYPE_BY_SHAPE[shape] : 'json null',
    type: shape ? TYPE_BY_SHAPE[shape] : undefined,
    nullable: nullable.has(key) || shape === null,
    primaryKey: key === 'id' && idIsKey,
  }))
  return { name, kind: 'table', columns, foreignKeys: [], estimatedRows: undefined }
}
