/**
 * Tutorial 4: submit a form. The index page is an HTML form whose fields become the parameters of
 * the method it submits to. A GET form sends them in the query string, a POST form in the request
 * body; the handler sees the same `{ length }` either way.
 *
 *   node dist/services/tutorials/tutorial4-submit-a-form.js   then open http://127.0.0.1:8080/
 */
import { expose, quickstart } from "../../src/index.js";
import { isMainModule } from "./main-module.js";
import { MAX_LENGTH, lengthParam, randomHex } from "./random-string.js";

export class StringGenerator {
  @expose
  index(): string {
    return `<!DOCTYPE html>
<html>
<head><title>String generator</title></head>
<body>
<form method="get" action="generate">
<label>Length <input type="number" name="length" value="8" min="1" max="${MAX_LENGTH}"></label>
<button type="submit">Generate</button>
</form>
</body>
</html>
`;
  }

  @expose
  generate({ length }: { length?: unknown }): string {
    return randomHex(lengthParam(length));
  }
}

if (isMainModule(import.meta.url)) await quickstart(new StringGenerator());
