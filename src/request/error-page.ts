/** The HTML error page, and custom pages per status (`errorPage.404` as a file or a function). */
import { readFile } from "node:fs/promises";
import { escapeHtml } from "../http/escape.js";

export interface ErrorInfo {
  status: number;
  reason: string;
  message: string;
  /** Present only when `request.showTracebacks` is on. */
  traceback?: string;
}

/** A file path (its text is the page, with {status} {message} {traceback} {version} filled in) or a function. */
export type ErrorPage = string | ((info: ErrorInfo) => string | Uint8Array | Promise<string | Uint8Array>);

export const VERSION = "0.1.0";

export function defaultErrorPage(info: ErrorInfo): string {
  const traceback = info.traceback ? `<pre id="traceback">${escapeHtml(info.traceback)}</pre>\n` : "";
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>${info.status} ${escapeHtml(info.reason)}</title>
<style>#powered_by{margin-top:20px;border-top:2px solid black;font-style:italic}#traceback{color:red}</style>
</head>
<body>
<h2>${info.status} ${escapeHtml(info.reason)}</h2>
<p>${escapeHtml(info.message)}</p>
${traceback}<div id="powered_by"><span>Powered by Orchard ${VERSION}</span></div>
</body>
</html>
`;
}

/** Error page files, read once each (a flood of 404s must not become a flood of file reads). */
const templates = new Map<string, Promise<string>>();

function templateOf(path: string): Promise<string> {
  let template = templates.get(path);
  if (template === undefined) {
    template = readFile(path, "utf8");
    templates.set(path, template);
    // A failed read is not remembered: the next error tries the file again.
    template.catch(() => templates.delete(path));
  }
  return template;
}

export async function renderErrorPage(page: ErrorPage, info: ErrorInfo): Promise<string | Uint8Array> {
  if (typeof page === "function") return page(info);
  const template = await templateOf(page);
  const fields: Record<string, string> = {
    status: `${info.status} ${info.reason}`,
    message: escapeHtml(info.message),
    traceback: escapeHtml(info.traceback ?? ""),
    version: VERSION,
  };
  return template.replace(/\{(status|message|traceback|version)\}/g, (_, name: string) => fields[name] ?? "");
}
