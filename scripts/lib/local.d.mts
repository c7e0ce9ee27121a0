// Types of local.mjs for the TypeScript test that imports it.
export const DEFAULT_PORT: number
export function resolvePort(env: Record<string, string | undefined>): number
export function localUrl(env: Record<string, string | undefined>): string
export function devArgs(env: Record<string, string | undefined>, wranglerPort: number): string[]
export function toolStateDir(root: string, tool: string): string
export function withState<E extends Record<string, string | undefined>>(env: E, stateDir: string): E & { D1_PERSIST_TO: string }
