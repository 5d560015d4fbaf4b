// TypeDoc names a module after its path ("core/src/client"); readers import it as
// "@reportwright/core/client". This plugin renames each entry module to the package subpath
// that exports it, read from the packages' `exports` maps.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Converter, ReflectionKind } from 'typedoc'

const packagesDir = join(import.meta.dirname, '..', '..', 'packages')

function publicNames() {
  const names = new Map()
  for (const folder of readdirSync(packagesDir)) {
    const manifest = JSON.parse(readFileSync(join(packagesDir, folder, 'package.json'), 'utf8'))
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const source = typeof target === 'object' ? target['@reportwright/source'] : undefined
      if (!source) continue
      const modulePath = `${folder}/${source.replace(/^\.\//, '').replace(/\.tsx?$/, '')}`
      names.set(modulePath.replace(/\/index$/, ''), `${manifest.name}${subpath.slice(1)}`)
    }
  }
  return names
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const names = publicNames()
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const name = names.get(module.name)
      if (name) module.name = name
      else app.logger.warn(`No package subpath exports the module ${module.name}`)
    }
  })
}
