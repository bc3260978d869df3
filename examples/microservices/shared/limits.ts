/**
 * Input bounds both services enforce. The interfaces say `string` and `[]OrderItem`, which the
 * wire allows up to the 16 MiB message limit; a service that forwards what it is given must
 * bound it first. A 6 MiB username of invalid UTF-8 becomes 18 MiB once decoded (every bad
 * byte turns into U+FFFD, 3 bytes) and re-encoded: forwarded unchecked, it exceeded
 * UserService's message limit, UserService dropped the shared connection, and every later
 * order, from anyone, failed.
 */

/** Longest username, in characters. */
export const MAX_USERNAME = 64;
/** Longest email, full name, SKU or order note, in characters. */
export const MAX_TEXT = 1024;
/** Most items in one order. */
export const MAX_ITEMS = 1000;

/** A reason when `value` (named `field`) is longer than `max` characters, else undefined. */
export function tooLong(field: string, value: string | null | undefined, max: number): string | undefined {
  return value != null && value.length > max ? `${field} is longer than ${max} characters` : undefined;
}
