/**
 * Tutorial 6: javascripts, CSS and images. The string generator page links a stylesheet that the
 * staticdir tool serves from public/ next to this file: "/static/css/style.css" is
 * public/css/style.css, with Last-Modified, an ETag, 304s and byte ranges.
 *
 *   node dist/services/tutorials/tutorial6-static-content.js
 *   curl -i http://127.0.0.1:8080/static/css/style.css
 *
 * The page links "static/css/style.css" (no leading slash), so it works under any mount point.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expose, quickstart, type AppConfig, type Application, type Params, type Tree } from "../../src/index.js";
import { isMainModule } from "./main-module.js";
import { lengthParam, randomHex } from "./random-string.js";

/** The static files: beside this module, or (tsc copies no CSS into dist/) in the source tree. */
export const PUBLIC_DIR = ((): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, "public");
  return existsSync(beside) ? beside : join(here, "../../../services/tutorials/public");
})();

export class StringGenerator {
  @expose
  index(): string {
    return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<link href="static/css/style.css" rel="stylesheet">
</head>
<body>
<form method="get" action="generate">
<input type="text" value="8" name="length">
<button type="submit">Give it now!</button>
</form>
</body>
</html>
`;
  }

  @expose
  generate({ length }: Params): string {
    return randomHex(lengthParam(length));
  }
}

/** The seed's config: the static root in "/", the directory (relative to it) in "/static". */
export function tutorial6Config(): AppConfig {
  return {
    "/": { "tools.staticdir.root": dirname(PUBLIC_DIR) },
    "/static": { "tools.staticdir.on": true, "tools.staticdir.dir": "public" },
  };
}

export function mountTutorial6(tree: Tree, scriptName = ""): Application {
  return tree.mount(new StringGenerator(), scriptName, tutorial6Config());
}

if (isMainModule(import.meta.url)) await quickstart(new StringGenerator(), "", tutorial6Config());
