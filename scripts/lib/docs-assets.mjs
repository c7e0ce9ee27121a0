// Copies Scalar's standalone API-reference bundle from node_modules into public/ (Workers static assets), so /docs
// loads its JavaScript from this Worker rather than from a CDN. public/docs/ is generated: `npm install` runs this
// (postinstall), and so does the vitest config.
import { copyFileSync, mkdirSync, statSync } from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")

export function copyDocsAssets() {
  // The package's exports hide its files; node_modules is where npm puts it (a devDependency).
  const source = path.join(root, "node_modules/@scalar/api-reference/dist/browser/standalone.js")
  const target = path.join(root, "public/docs/scalar.js")
  mkdirSync(path.dirname(target), { recursive: true })
  const fresh = (() => {
    try {
      return statSync(target).size === statSync(source).size
    } catch {
      return false
    }
  })()
  if (!fresh) copyFileSync(source, target)
  return target
}
