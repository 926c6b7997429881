/**
 * Mapping a request path to a file inside a directory, with no way out: the raw path is split on
 * "/" first and each segment decoded once, so an encoded slash, dot-segments (plain, encoded or
 * double-encoded), backslashes and NUL bytes are refused instead of being reinterpreted.
 */
import { realpath } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { isMissing } from "./serve.js";

/** The decoded segments of a raw (percent-encoded) path, or undefined if any could escape or confuse. */
export function safeSegments(rawPath: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of rawPath.split("/")) {
    if (raw === "") continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === "." || segment === ".." || /[/\\\0]/.test(segment)) return undefined;
    // Windows would read "C:" as a drive and "x." / "x " as "x".
    if (sep === "\\" && (/[:<>"|?*]/.test(segment) || /[. ]$/.test(segment))) return undefined;
    segments.push(segment);
  }
  return segments;
}

/** True when `path` is `dir` or inside it. */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith(".." + sep) && rel !== ".." && !isAbsolute(rel));
}

/** `dir` joined with the segments, checked to stay inside `dir`. */
export function joinInside(dir: string, segments: readonly string[]): string | undefined {
  const path = join(dir, ...segments);
  return isInside(dir, path) ? path : undefined;
}

/**
 * Whether the file, with every symlink on the way resolved, is still under the directory (itself
 * resolved). A missing file is not: there is nothing to serve.
 */
export async function resolvesInside(dir: string, path: string): Promise<boolean> {
  try {
    const [realDir, realPath] = await Promise.all([realpath(dir), realpath(path)]);
    return isInside(realDir, realPath);
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}
