import { api } from "./api"

/** The ADMIN_API_TOKEN the vitest config binds. */
export const ADMIN_TOKEN = "test-admin-token"
const auth = { headers: { "x-medusa-access-token": ADMIN_TOKEN } }

/** The admin API as a merchant's dashboard calls it (with the access token). */
export const adminApi = {
  get: (path: string) => api.get(path, auth),
  post: (path: string, body?: unknown) => api.post(path, body, auth),
}
