import { cliErrors } from '../cliErrors';

/**
 * Parses `--rounding`: an integer N (= `{ProcessedElectricalSeries: N}`, 0 disables rounding) or a
 * JSON object mapping a parent-group basename to decimal places, like Spyglass's `precision_lookup`.
 */
export function parseRoundingFlag(text: string): number | Record<string, number> {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    parsed = undefined;
  }
  if (
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => Number.isInteger(v) && (v as number) >= 0)
  ) {
    return parsed as Record<string, number>;
  }
  throw cliErrors.flagInvalid('--rounding', text, 'a non-negative integer or a JSON object of group name → integer');
}
