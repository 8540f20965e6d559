/**
 * The env id to insert for `{user}_{envName}`: `_00` when free, otherwise one more than
 * the highest two-digit suffix already used with that base (Spyglass's `_increment_id`).
 */
export function nextEnvironmentId(user: string, envName: string, takenIds: readonly string[]): string {
  const base = `${user}_${envName}`;
  const suffixes = takenIds
    .filter((id) => id.startsWith(`${base}_`))
    .map((id) => id.slice(base.length + 1))
    .filter((suffix) => /^\d{2,}$/.test(suffix))
    .map(Number);
  if (!suffixes.includes(0) && !takenIds.includes(`${base}_00`)) return `${base}_00`;
  const next = Math.max(...suffixes) + 1;
  return `${base}_${String(next).padStart(2, '0')}`;
}
