import { env } from "cloudflare:workers"

/** Raw SQL for assertions on stored state (arrange and act go through fixtures and HTTP). */
export const db = {
  async all<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    const { results } = await env.DB.prepare(sql).bind(...params).all<T>()
    return results
  },
}
