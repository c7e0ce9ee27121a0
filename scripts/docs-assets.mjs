import { copyDocsAssets } from "./lib/docs-assets.mjs"

console.log(`docs assets: ${copyDocsAssets()}`)
