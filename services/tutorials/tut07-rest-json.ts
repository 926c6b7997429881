/**
 * tut07, REST with JSON: one resource whose HTTP methods are its handlers (MethodDispatcher), with
 * JSON in and out. The string lives in the resource itself (no sessions), so every client shares it.
 *
 *   node dist/services/tutorials/tut07-rest-json.js
 *   curl http://127.0.0.1:8080/                                       → 404 {"status":404,"message":"No string yet: POST one first."}
 *   curl -X POST -H 'Content-Type: application/json' -d '{"length":8}' http://127.0.0.1:8080/
 *                                                                     → 201 {"string":"04a92138"}
 *   curl http://127.0.0.1:8080/                                       → 200 {"string":"04a92138"}
 *   curl -X PUT -H 'Content-Type: application/json' -d '{"string":"hello"}' http://127.0.0.1:8080/
 *   curl -X DELETE http://127.0.0.1:8080/                             → 204
 */
import { expose, HTTPError, MethodDispatcher, quickstart, tools, type AppConfig, type Context, type Params } from "../../src/index.js";
import { isMainModule } from "./main-module.js";
import { MAX_LENGTH, randomHex } from "./random-string.js";

const CREATE = {
  type: "object",
  properties: { length: { type: "integer", minimum: 1, maximum: MAX_LENGTH, default: 8 } },
  additionalProperties: false,
} as const;

const REPLACE = {
  type: "object",
  properties: { string: { type: "string", maxLength: 1000 } },
  required: ["string"],
  additionalProperties: false,
} as const;

/** What GET, POST and PUT answer; the serializer is compiled from it once. */
const STRING = { type: "object", properties: { string: { type: "string" } }, required: ["string"] } as const;

@expose
export class StringGeneratorWebService {
  #string: string | undefined;

  @tools.jsonOut({ schema: STRING })
  GET(): { string: string } {
    if (this.#string === undefined) throw new HTTPError(404, "No string yet: POST one first.");
    return { string: this.#string };
  }

  /** The body is optional: an empty POST makes a string of the default length. */
  @tools.jsonIn({ schema: CREATE, required: false })
  @tools.jsonOut({ schema: STRING })
  POST(_params: Params, ctx: Context): { string: string } {
    const { length } = (ctx.request.json ?? { length: 8 }) as { length: number };
    this.#string = randomHex(length);
    ctx.response.status = 201;
    return { string: this.#string };
  }

  @tools.jsonIn({ schema: REPLACE })
  @tools.jsonOut({ schema: STRING })
  PUT(_params: Params, ctx: Context): { string: string } {
    this.#string = (ctx.request.json as { string: string }).string;
    return { string: this.#string };
  }

  DELETE(_params: Params, ctx: Context): void {
    this.#string = undefined;
    ctx.response.status = 204;
  }
}

/** MethodDispatcher for the whole app, and JSON errors (404, 405, 415 ...) everywhere in it. */
export const config: AppConfig = {
  "/": { "request.dispatch": new MethodDispatcher(), "tools.jsonOut.on": true },
};

export const root = new StringGeneratorWebService();

if (isMainModule(import.meta.url)) await quickstart(root, "", config);
