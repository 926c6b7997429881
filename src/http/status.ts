/**
 * Status-code facts: reason phrases and which statuses never carry a body.
 * Pure helpers; must not import from the framework.
 */
import { STATUS_CODES } from "node:http";

/**
 * The reason phrase for a status code, from Node's table (`404` → "Not Found").
 *
 * A code Node does not know (e.g. `299`, `781`) gives "Unknown", the same word Node's own
 * server writes for such codes. Deciding whether a code is legal (100–599) is the caller's job.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15
 */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? "Unknown";
}

/**
 * True for statuses whose responses must not carry content: 1xx, 204, 205 and 304.
 * The response pipeline drops the body and Content-Length for these (CherryPy's finalize()).
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-6.4.1
 */
export function isBodylessStatus(status: number): boolean {
  return (status >= 100 && status < 200) || status === 204 || status === 205 || status === 304;
}
