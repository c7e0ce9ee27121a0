/** A copy of `row` without `keys` (hides columns a v1 response does not show). */
export const omit = <T extends Record<string, unknown>, K extends keyof T>(row: T, ...keys: K[]): Omit<T, K> => {
  const out = { ...row }
  for (const key of keys) delete out[key]
  return out
}
