// One implementation for every renderer lives in core (its JSON renderer uses it too).
export { createOutputWriter, drained, throwIfStopped } from '@reportwright/core'
export type { OutputWriter } from '@reportwright/core'
