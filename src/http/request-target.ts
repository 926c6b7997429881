/** The request line: the target split into path and query, and the protocol version. Pure helpers. */

/** Splits the request target into path and query, or returns why it is not acceptable. */
export function parseTarget(method: string, url: string): { path: string; query: string } | string {
  if (url.includes("#")) return "Illegal #fragment in Request-URI.";
  let rest = url;
  if (method === "CONNECT") {
    if (!/^[^/?\s]+:\d+$/.test(url)) return "Invalid path in Request-URI: request-target must match authority-form.";
    return { path: "/" + url, query: "" };
  }
  if (!rest.startsWith("/")) {
    if (method === "OPTIONS" && rest === "*") return { path: "*", query: "" };
    const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?]*/.exec(rest);
    if (absolute === null) return "Invalid path in Request-URI.";
    rest = rest.slice(absolute[0].length) || "/";
  }
  const q = rest.indexOf("?");
  return q === -1 ? { path: rest, query: "" } : { path: rest.slice(0, q), query: rest.slice(q + 1) };
}

/** "HTTP/1.1", "HTTP/2.0" → true; "HTTP/1.0", "HTTP/0.9" → false. */
export function atLeastHttp11(protocol: string): boolean {
  if (protocol === "HTTP/1.1") return true;
  const m = /^HTTP\/(\d+)\.(\d+)$/.exec(protocol);
  if (m === null) return false;
  const major = Number(m[1]);
  return major > 1 || (major === 1 && Number(m[2]) >= 1);
}
