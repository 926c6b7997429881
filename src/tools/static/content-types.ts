/** Content-Type by file extension: a small table of the types web sites serve, overridable per tool. */
import { extname } from "node:path";

/** Extension (lowercase, no dot) → Content-Type. Text types are assumed to be UTF-8. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  html: "text/html;charset=utf-8",
  htm: "text/html;charset=utf-8",
  css: "text/css;charset=utf-8",
  js: "text/javascript;charset=utf-8",
  mjs: "text/javascript;charset=utf-8",
  txt: "text/plain;charset=utf-8",
  md: "text/markdown;charset=utf-8",
  csv: "text/csv;charset=utf-8",
  xml: "application/xml",
  json: "application/json",
  map: "application/json",
  webmanifest: "application/manifest+json",
  wasm: "application/wasm",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  tar: "application/x-tar",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  bmp: "image/bmp",
  ico: "image/x-icon",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  otf: "font/otf",
  mp3: "audio/mpeg",
  ogg: "audio/ogg",
  wav: "audio/wav",
  mp4: "video/mp4",
  webm: "video/webm",
});

/** What files of unknown type are sent as: bytes, never something a browser would render. */
export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

/** A caller's table (`{ md: "text/markdown", ".Log": "text/plain" }`) keyed by lowercase extension without the dot. */
export function contentTypeTable(types: Readonly<Record<string, string>> | undefined): ReadonlyMap<string, string> | undefined {
  if (types === undefined) return undefined;
  return new Map(Object.entries(types).map(([ext, type]) => [ext.replace(/^\./, "").toLowerCase(), type]));
}

/** The Content-Type for a file name: the caller's table first, then the built-in one. */
export function contentTypeFor(filename: string, own?: ReadonlyMap<string, string>): string {
  const ext = extname(filename).slice(1).toLowerCase();
  if (ext === "") return DEFAULT_CONTENT_TYPE;
  return own?.get(ext) ?? (Object.hasOwn(CONTENT_TYPES, ext) ? CONTENT_TYPES[ext]! : DEFAULT_CONTENT_TYPE);
}
