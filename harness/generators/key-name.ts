/**
 * Record keys (CoreWorkload.buildKeyName): "user" + the record number — hashed through fnvhash64 when
 * insertorder=hashed, as is when ordered — left-padded with zeros to `zeropadding` digits.
 */
import { fnvhash64String } from "./fnvhash64.js";

export const KEY_PREFIX = "user";

export function buildKeyName(keynum: number, insertorder: "hashed" | "ordered", zeropadding: number): string {
  const digits = insertorder === "hashed" ? fnvhash64String(keynum) : String(keynum);
  const fill = zeropadding - digits.length;
  return fill > 0 ? KEY_PREFIX + "0".repeat(fill) + digits : KEY_PREFIX + digits;
}
