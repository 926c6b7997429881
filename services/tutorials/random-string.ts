/** Random hex strings for the string-generator tutorials (2 to 4). */
import { randomInt } from "node:crypto";
import { HTTPError } from "../../src/index.js";

const HEX_DIGITS = "0123456789abcdef";
export const MAX_LENGTH = 64;

export function randomHex(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += HEX_DIGITS[randomInt(HEX_DIGITS.length)];
  return out;
}

/**
 * The `length` parameter as the client sent it: always text (or a list when repeated), so it is
 * checked and converted here; anything but a whole number from 1 to MAX_LENGTH is a 400.
 */
export function lengthParam(value: unknown, fallback = 8): number {
  if (value === undefined) return fallback;
  const length = typeof value === "string" && /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(length >= 1 && length <= MAX_LENGTH)) {
    throw new HTTPError(400, `length must be a whole number from 1 to ${MAX_LENGTH}.`);
  }
  return length;
}
