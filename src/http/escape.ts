/**
 * Escaping for HTML bodies (error pages, redirect bodies).
 * Pure helpers; must not import from the framework.
 */

const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIAL_ALL = /[&<>"']/g;
const HTML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes `& < > " '` so that text is safe inside HTML element content and quoted attributes
 * (error pages, redirect bodies). Returns the input unchanged when nothing needs escaping.
 * @example escapeHtml(`<a href="x">`) === "&lt;a href=&quot;x&quot;&gt;"
 */
export function escapeHtml(s: string): string {
  if (!HTML_SPECIAL.test(s)) return s;
  return s.replace(HTML_SPECIAL_ALL, (ch) => HTML_ENTITIES[ch] ?? ch);
}
