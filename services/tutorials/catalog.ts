/** Every tutorial with the script name `npm start` mounts it under, and the index page that lists them. */
import { expose, type AppConfig, type Tree } from "../../src/index.js";
import { escapeHtml } from "./html.js";
import { HelloWorld as Tutorial1 } from "./tutorial1-hello-world.js";
import { StringGenerator as Tutorial2 } from "./tutorial2-string-generator.js";
import { StringGenerator as Tutorial3 } from "./tutorial3-url-parameters.js";
import { StringGenerator as Tutorial4 } from "./tutorial4-submit-a-form.js";
import { HelloWorld as Tut01 } from "./tut01-hello-world.js";
import { HelloWorld as Tut02 } from "./tut02-expose-methods.js";
import { WelcomePage } from "./tut03-get-and-post.js";
import { HomePage as Tut04 } from "./tut04-complex-site.js";
import { HomePage as Tut05 } from "./tut05-derived-objects.js";
import { Root as Tut06 } from "./tut06-default-method.js";
import { GeneratorDemo } from "./tut08-generators-and-yield.js";
import { HTTPErrorDemo } from "./tut10-http-errors.js";
import { StringGeneratorWebService as Tut07Json, config as tut07JsonConfig } from "./tut07-rest-json.js";
import { StringGenerator as Tut08Ajax, config as tut08AjaxConfig } from "./tut08-ajax-json.js";

export interface Tutorial {
  /** Where `npm start` mounts it: "/tutorial1", "/tut04", ... */
  readonly scriptName: string;
  readonly title: string;
  /** A fresh root object (each mount gets its own). */
  readonly root: () => object;
  /** The application config it is mounted with, if it needs one. */
  readonly config?: () => AppConfig;
}

export const TUTORIALS: readonly Tutorial[] = [
  { scriptName: "/tutorial1", title: "Tutorial 1: a basic web application", root: () => new Tutorial1() },
  { scriptName: "/tutorial2", title: "Tutorial 2: different URLs lead to different methods", root: () => new Tutorial2() },
  { scriptName: "/tutorial3", title: "Tutorial 3: URLs with parameters", root: () => new Tutorial3() },
  { scriptName: "/tutorial4", title: "Tutorial 4: submit a form", root: () => new Tutorial4() },
  { scriptName: "/tut01", title: "tut01: hello world", root: () => new Tut01() },
  { scriptName: "/tut02", title: "tut02: several exposed methods", root: () => new Tut02() },
  { scriptName: "/tut03", title: "tut03: GET and POST parameters", root: () => new WelcomePage() },
  { scriptName: "/tut04", title: "tut04: a site of several objects", root: () => new Tut04() },
  { scriptName: "/tut05", title: "tut05: derived objects", root: () => new Tut05() },
  { scriptName: "/tut06", title: "tut06: the default method", root: () => new Tut06() },
  { scriptName: "/tut08", title: "tut08: generators and yield", root: () => new GeneratorDemo() },
  { scriptName: "/tut10", title: "tut10: HTTP errors", root: () => new HTTPErrorDemo() },
  { scriptName: "/tutorial7", title: "Tutorial 7: a REST string generator, in JSON", root: () => new Tut07Json(), config: () => tut07JsonConfig },
  { scriptName: "/tutorial8", title: "Tutorial 8: Ajax against the JSON API", root: () => new Tut08Ajax(), config: () => tut08AjaxConfig },
];

/** The page at "/" that links to every tutorial. */
export class TutorialIndex {
  readonly #tutorials: readonly Tutorial[];

  constructor(tutorials: readonly Tutorial[] = TUTORIALS) {
    this.#tutorials = tutorials;
  }

  @expose
  index(): string {
    const items = this.#tutorials.map((t) => `<li><a href="${t.scriptName}/">${escapeHtml(t.title)}</a></li>`).join("\n");
    return `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Orchard tutorials</title></head>
<body>
<h1>Orchard tutorials</h1>
<ul>
${items}
</ul>
</body>
</html>
`;
  }
}

/** Mounts every tutorial under its script name and the index at "". */
export function mountTutorials(tree: Tree, tutorials: readonly Tutorial[] = TUTORIALS): void {
  for (const tutorial of tutorials) tree.mount(tutorial.root(), tutorial.scriptName, tutorial.config?.());
  tree.mount(new TutorialIndex(tutorials), "");
}
