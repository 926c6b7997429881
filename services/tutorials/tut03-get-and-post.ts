/**
 * tut03, GET and POST: form fields become handler parameters whether they come from the query
 * string or from a POSTed form body. Whatever the client typed is escaped before it goes back into
 * HTML.
 *
 *   node dist/services/tutorials/tut03-get-and-post.js   then open http://127.0.0.1:8080/
 *   curl -d name=Bob http://127.0.0.1:8080/greetUser     → Hello, Bob! Good to see you.
 */
import { expose, quickstart } from "../../src/index.js";
import { escapeHtml } from "./html.js";
import { isMainModule } from "./main-module.js";

export class WelcomePage {
  @expose
  index(): string {
    return `<form action="greetUser" method="post">
<p>What is your name?</p>
<input type="text" name="name">
<button type="submit">Say hello</button>
</form>
`;
  }

  @expose
  greetUser({ name }: { name?: unknown }): string {
    if (typeof name === "string" && name.trim() !== "") return `Hello, ${escapeHtml(name.trim())}! Good to see you.`;
    if (name === undefined) return 'No name was sent. Please enter your name <a href="./">on the form</a>.';
    return 'Please enter your name <a href="./">on the form</a>.';
  }
}

if (isMainModule(import.meta.url)) await quickstart(new WelcomePage());
