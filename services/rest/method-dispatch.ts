/**
 * Tutorial 7's string generator as one REST resource under MethodDispatcher, with its state in the
 * instance instead of a session. The HTTP verb picks the method:
 *   GET     the current string (404 until one exists)
 *   POST    makes a new random hex string (?length=8) and answers it
 *   PUT     replaces it with `anotherString` (query or form field)
 *   DELETE  forgets it
 * Every answer carries `Allow: DELETE, GET, HEAD, POST, PUT`; other verbs get 405.
 *
 *   node dist/services/rest/method-dispatch.js
 *   curl -X POST 'http://127.0.0.1:8080/?length=12'
 *   curl -X PUT -d anotherString=hello http://127.0.0.1:8080/
 */
import { randomBytes } from "node:crypto";
import { HTTPError, MethodDispatcher, expose, quickstart, type AppConfig, type Application, type Params, type Tree } from "../../src/index.js";
import { isMainModule } from "../tutorials/main-module.js";

const MAX_LENGTH = 1024;

@expose
export class StringGeneratorWebService {
  #current: string | undefined;

  GET(): string {
    if (this.#current === undefined) throw new HTTPError(404, "There is no string yet: POST to make one.");
    return this.#current;
  }

  POST({ length = "8" }: Params): string {
    const n = Number(length);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LENGTH) throw new HTTPError(400, `length must be a whole number from 1 to ${MAX_LENGTH}.`);
    this.#current = randomBytes(Math.ceil(n / 2)).toString("hex").slice(0, n);
    return this.#current;
  }

  PUT({ anotherString }: Params): void {
    if (typeof anotherString !== "string") throw new HTTPError(400, "PUT needs one anotherString value.");
    this.#current = anotherString;
  }

  DELETE(): void {
    this.#current = undefined;
  }
}

/** The application config: method dispatch for the whole app, plain-text answers. */
export function stringGeneratorConfig(): AppConfig {
  return { "/": { "request.dispatch": new MethodDispatcher(), "response.headers.Content-Type": "text/plain;charset=utf-8" } };
}

/** Mounts a fresh string generator at `scriptName` ("/rest/strings" in services/main.ts, say). */
export function mountStringGenerator(tree: Tree, scriptName = ""): Application {
  return tree.mount(new StringGeneratorWebService(), scriptName, stringGeneratorConfig());
}

if (isMainModule(import.meta.url)) await quickstart(new StringGeneratorWebService(), "", stringGeneratorConfig());
