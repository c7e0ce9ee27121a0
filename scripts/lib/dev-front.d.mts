// Types of dev-front.mjs for the TypeScript test that imports it.
import type { Server } from "node:http"
export const WRANGLER_DROPPED: string
export const MAX_ATTEMPTS: number
export function isReloadLine(line: string): boolean
export function shouldResend(a: { status: number; body: string; reloadsAtSend: number; reloadsNow: number; attempt: number }): boolean
export interface ReloadCounter { readonly count: number; feed(chunk: string, stream?: string): void }
export function reloadCounter(): ReloadCounter
export function decodedText(bytes: Uint8Array, contentEncoding: string | undefined): string | null
export function endToEnd(rawHeaders: string[]): string[]
export function startFront(opts: {
  port: number
  host?: string
  upstreamPort: number
  reloads: ReloadCounter
  onResend?: (method: string, url: string, attempt: number) => void
  onPassOn?: (method: string, url: string, why: string) => void
}): Promise<Server>
export function freePort(): Promise<number>
