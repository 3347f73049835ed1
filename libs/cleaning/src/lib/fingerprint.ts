import type { CleanFileOptions } from './clean-buffer';
import { resolveCleanOptions, RULE_ORDER } from './options';

/**
 * Version of the code that turns raw lines into items: the CSV reader, parsing, rules and
 * keying. Bump it in the same change as any edit that can change the items some input
 * gives; `fingerprint.spec.ts` fails on such an edit until the version is bumped (or the
 * recorded digest updated, for an edit that cannot change items).
 */
export const RULES_VERSION = 3;

/**
 * Everything in the cleaning that shapes a partition's items, as one canonical string: the
 * rules version, the encoding, the date format, which rules are on, the non-product codes.
 * Two cleanings with the same fingerprint turn the same bytes into the same items, so a
 * loader can skip a partition whose bytes (ETag) and fingerprint it has already loaded.
 * Options that only shape reports (samples, partition name) are not part of it.
 */
export function cleaningFingerprint(options: CleanFileOptions = {}): string {
  const resolved = resolveCleanOptions(options);
  return JSON.stringify({
    rulesVersion: RULES_VERSION,
    encoding: options.encoding ?? 'utf-8',
    maxLineBytes: options.maxLineBytes ?? null,
    dateFormat: resolved.dateFormat,
    rules: RULE_ORDER.filter((id) => resolved.enabled[id]),
    nonProductCodes: [...new Set(resolved.nonProductCodes)].sort(),
  });
}
