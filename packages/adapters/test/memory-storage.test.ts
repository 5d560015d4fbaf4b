import { memoryStorage } from '@reportwright/core'
import { describeStorageConformance } from '../src/testing'

describeStorageConformance(({ clock }) => memoryStorage({ clock }), { name: 'memoryStorage' })
