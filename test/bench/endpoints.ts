/** What every benchmarked server answers: the same paths, content types and bodies, built per request. */
export interface Endpoint {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly contentType: string;
  /** The response body, computed on each request as a real handler would. */
  readonly respond: () => string;
}

import { strongEtag } from "../../src/http/etag.js";

/** The tag of /etag's body: a client that has it gets 304. */
export const ETAG_BODY = JSON.stringify({ hello: "world" });
export const REVALIDATE_ETAG = strongEtag(ETAG_BODY);

/** The JSON echo: a body checked against this schema and sent back serialized by it. */
export const ECHO_SCHEMA = {
  type: "object",
  properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 }, tags: { type: "array", items: { type: "string" } } },
  required: ["name", "age"],
} as const;
export const ECHO_BODY = JSON.stringify({ name: "Ada", age: 36, tags: ["x", "y"] });

export const ENDPOINTS: readonly Endpoint[] = [
  { method: "GET", path: "/hello", contentType: "text/plain; charset=utf-8", respond: () => "Hello world!" },
  { method: "GET", path: "/json", contentType: "application/json; charset=utf-8", respond: () => JSON.stringify({ hello: "world" }) },
  { method: "POST", path: "/echo", contentType: "application/json", respond: () => ECHO_BODY },
  { method: "GET", path: "/cached", contentType: "text/plain; charset=utf-8", respond: () => "Hello world!" },
  { method: "GET", path: "/etag", contentType: "application/json", respond: () => ETAG_BODY },
];

export function endpointFor(method: string, path: string): Endpoint | undefined {
  return ENDPOINTS.find((e) => e.method === method && e.path === path);
}
