/**
 * application/x-www-form-urlencoded parsing for query strings and form bodies.
 * Pure helpers; must not import from the framework.
 */

/** Bad percent-encoding (or an encoded byte sequence that is not UTF-8): the caller answers 400. */
export class FormDecodeError extends URIError {
  readonly code = "ERR_FORM_DECODE";
  override name = "FormDecodeError";
  /** The key of the offending pair, decoded if possible, otherwise as received. */
  readonly key: string;

  constructor(key: string, message: string) {
    super(message);
    this.key = key;
  }
}

export type FormParams = Record<string, string | string[]>;

/**
 * Parses `a=1&b=x+y&a=2` into `{ a: ["1", "2"], b: "x y" }`.
 *
 * - `+` means space; percent-escapes are decoded as UTF-8 (decodeURIComponent). A bad escape
 *   (`%zz`, `%ff`) throws FormDecodeError carrying the key.
 * - A repeated key becomes an array in order of appearance. Keys such as `a[1]` are kept
 *   literally, not nested (CherryPy).
 * - Empty pairs (`a=1&&b=2`) are skipped; a pair without `=` gets the value "".
 * - The result is a null-prototype object, so `__proto__` and `constructor` are plain keys.
 *
 * With `into`, pairs are merged into that object (a key already present becomes an array, like
 * CherryPy merging body params into query params) and it is returned. Keys are written as own
 * data properties even when `into` has a prototype, but prefer `Object.create(null)`.
 */
export function parseUrlencoded(text: string, into?: FormParams): FormParams {
  const out: FormParams = into ?? Object.create(null);
  const plain = Object.getPrototypeOf(out) === null;
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const key = decode(rawKey, rawKey);
    const value = eq === -1 ? "" : decode(pair.slice(eq + 1), key);
    const existing = Object.hasOwn(out, key) ? out[key] : undefined;
    if (existing === undefined) put(out, key, value, plain);
    else if (Array.isArray(existing)) existing.push(value);
    else put(out, key, [existing, value], plain);
  }
  return out;
}

function put(out: FormParams, key: string, value: string | string[], plain: boolean): void {
  // On an object with a prototype, `out["__proto__"] = v` would not create an own key.
  if (plain) out[key] = value;
  else Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
}

function decode(s: string, key: string): string {
  // Fast path: most keys and values need no decoding at all.
  if (s.indexOf("%") === -1) return s.indexOf("+") === -1 ? s : s.replace(/\+/g, " ");
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    throw new FormDecodeError(key, `Invalid percent-encoding in form field ${JSON.stringify(key)}`);
  }
}
