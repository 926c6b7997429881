/** What every benchmarked server answers: the same paths, content types and bodies, built per request. */
export interface Endpoint {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly contentType: string;
  /** The response body, computed on each request as a real handler would. */
  readonly respond: () => string;
}

export const ENDPOINTS: readonly Endpoint[] = [
  { method: "GET", path: "/hello", contentType: "text/plain; charset=utf-8", respond: () => "Hello world!" },
  { method: "GET", path: "/json", contentType: "application/json; charset=utf-8", respond: () => JSON.stringify({ hello: "world" }) },
];

export function endpointFor(method: string, path: string): Endpoint | undefined {
  return ENDPOINTS.find((e) => e.method === method && e.path === path);
}
