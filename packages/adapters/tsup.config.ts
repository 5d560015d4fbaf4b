import { defineConfig } from 'tsup'
import { baseConfig } from '../../tsup.base'

export default defineConfig({
  ...baseConfig,
  entry: {
    'storage/sql': 'src/storage/sql/sql-storage.ts',
    'files/local': 'src/files/local-files.ts',
    'files/s3': 'src/files/s3-files.ts',
    'delivery/smtp': 'src/delivery/smtp-delivery.ts',
    'delivery/sendgrid': 'src/delivery/sendgrid-delivery.ts',
    'delivery/ses': 'src/delivery/ses-delivery.ts',
    'delivery/webhook': 'src/delivery/webhook-delivery.ts',
    templates: 'src/templates/index.ts',
    bursting: 'src/bursting/index.ts',
    testing: 'src/testing/index.ts',
  },
})
