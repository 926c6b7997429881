/**
 * tut08, Ajax with JSON: one page whose script talks to the tut07 JSON API with fetch(), so the
 * page never reloads. The page is at "/", the API at "/generator" (MethodDispatcher, JSON in and
 * out); both come from the same application, so the script uses relative URLs and works under any
 * mount point.
 *
 *   node dist/services/tutorials/tut08-ajax-json.js   then open http://127.0.0.1:8080/
 */
import { expose, MethodDispatcher, quickstart, type AppConfig } from "../../src/index.js";
import { isMainModule } from "./main-module.js";
import { StringGeneratorWebService } from "./tut07-rest-json.js";

export const PAGE = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>String generator</title>
<style>
body { font-family: sans-serif; margin: 2em; }
#the-string { display: none; margin-top: 1em; }
#problem { color: #a00; }
</style>
</head>
<body>
<input type="number" value="8" min="1" max="64" name="length">
<button id="generate-string">Give it now!</button>
<div id="the-string">
  <input type="text" name="string">
  <button id="replace-string">Replace</button>
  <button id="delete-string">Delete it</button>
</div>
<p id="problem"></p>
<script>
const api = "generator";
const $ = (selector) => document.querySelector(selector);

/** Calls the API; resolves to the parsed JSON (or null), throws the error's message. */
async function call(method, body) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(api, init);
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(data && data.message ? data.message : response.statusText);
  return data;
}

function act(selector, work) {
  $(selector).addEventListener("click", async (event) => {
    event.preventDefault();
    $("#problem").textContent = "";
    try {
      await work();
    } catch (error) {
      $("#problem").textContent = error.message;
    }
  });
}

act("#generate-string", async () => {
  const { string } = await call("POST", { length: Number($("input[name=length]").value) });
  $("#the-string input").value = string;
  $("#the-string").style.display = "block";
});
act("#replace-string", async () => {
  await call("PUT", { string: $("#the-string input").value });
  alert("Replaced!");
});
act("#delete-string", async () => {
  await call("DELETE");
  $("#the-string").style.display = "none";
});
</script>
</body>
</html>
`;

export class StringGenerator {
  generator = new StringGeneratorWebService();

  @expose
  index(): string {
    return PAGE;
  }
}

export const config: AppConfig = {
  "/generator": { "request.dispatch": new MethodDispatcher(), "tools.jsonOut.on": true },
};

export const root = new StringGenerator();

if (isMainModule(import.meta.url)) await quickstart(root, "", config);
