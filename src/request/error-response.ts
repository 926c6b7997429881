/** Turns an HTTPError, an HTTPRedirect or an unexpected exception into the response to send. */
import { escapeHtml } from "../http/escape.js";
import { reasonPhrase } from "../http/status.js";
import type { Context } from "./context.js";
import { closeBody } from "./finalize.js";
import { HTTPError, HTTPRedirect } from "./errors.js";
import { defaultErrorPage, renderErrorPage, type ErrorInfo } from "./error-page.js";

/** Headers that describe a representation, dropped from error responses (CherryPy's clean_headers). */
const REPRESENTATION_HEADERS = [
  "ETag", "Location", "Vary", "Content-Encoding", "Expires", "Last-Modified", "Age", "Retry-After", "Accept-Ranges", "Content-Range", "Content-Length", "Content-Type", "Transfer-Encoding",
];

export async function errorResponse(ctx: Context, error: unknown): Promise<void> {
  const { response } = ctx;
  closeBody(response.body);
  const route = ctx.route;
  const httpError = error instanceof HTTPError ? error : undefined;
  const status = httpError?.status ?? 500;
  const reason = httpError?.reason ?? reasonPhrase(status);
  const keepRange = status === 416 ? response.headers.get("Content-Range") : undefined;
  for (const name of REPRESENTATION_HEADERS) response.headers.delete(name);
  if (keepRange !== undefined) response.headers.set("Content-Range", keepRange);
  response.status = status;
  response.reason = httpError?.reason;
  response.stream = false;

  const info: ErrorInfo = {
    status,
    reason,
    message: httpError ? httpError.message || defaultMessage(status) : defaultMessage(status),
  };
  const showTracebacks = route?.showTracebacks ?? true;
  if (showTracebacks && !httpError && error instanceof Error) info.traceback = error.stack ?? String(error);

  const rendered = route?.renderError?.(info, ctx);
  if (rendered !== undefined) {
    response.headers.set("Content-Type", rendered.contentType);
    response.body = rendered.body;
    return;
  }
  response.headers.set("Content-Type", "text/html;charset=utf-8");
  const page = route?.errorPages.get(String(status)) ?? route?.errorPages.get("default");
  if (page === undefined) {
    response.body = defaultErrorPage(info);
    return;
  }
  try {
    response.body = await renderErrorPage(page, info);
  } catch (pageError) {
    ctx.log(`The custom error page for ${status} failed`, "error", pageError);
    const detail = pageError instanceof Error ? pageError.message : String(pageError);
    response.body = defaultErrorPage({ ...info, message: `${info.message}\nIn addition, the custom error page failed:\n${detail}` });
  }
}

function defaultMessage(status: number): string {
  if (status === 404) return "Nothing matches the given URI";
  if (status === 500) return "The server encountered an unexpected condition which prevented it from fulfilling the request.";
  if (status === 405) return "The method is not allowed for this resource.";
  return reasonPhrase(status);
}

/** 3xx with Location (made absolute) and a small HTML body whose links are escaped. */
export function redirectResponse(ctx: Context, redirect: HTTPRedirect): void {
  const { request, response } = ctx;
  closeBody(response.body);
  const status = redirect.status ?? (request.protocol === "HTTP/1.0" ? 302 : 303);
  const urls = redirect.urls.map((url) => absolute(ctx, url));
  response.status = status;
  response.reason = undefined;
  response.stream = false;
  for (const name of ["Content-Length", "Content-Encoding", "Content-Range"]) response.headers.delete(name);
  if (status === 304) {
    // A 304 keeps its validators (RFC 9110 §15.4.5); only the body and what describes it go.
    response.headers.delete("Content-Type");
    response.body = undefined;
    return;
  }
  response.headers.delete("ETag");
  response.headers.delete("Last-Modified");
  response.headers.set("Location", urls[0]!);
  if (status === 305) {
    response.body = undefined;
    return;
  }
  const text: Record<number, string> = {
    300: "This resource can be found at ",
    301: "This resource has permanently moved to ",
    302: "This resource resides temporarily at ",
    303: "This resource can be found at ",
    307: "This resource has moved temporarily to ",
    308: "This resource has been moved to ",
  };
  response.headers.set("Content-Type", "text/html;charset=utf-8");
  response.body = urls.map((u) => `${text[status]}<a href="${escapeHtml(u)}">${escapeHtml(u)}</a>.`).join("<br />\n");
}

/** Makes a redirect target absolute, with CR, LF and other controls percent-encoded (no header splitting). */
function absolute(ctx: Context, url: string): string {
  const safe = url.replace(/[\x00-\x1f\x7f ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  try {
    return new URL(safe, ctx.request.url).href;
  } catch {
    return safe;
  }
}
