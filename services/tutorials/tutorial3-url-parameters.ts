/**
 * Tutorial 3: URLs with parameters. The query string (`?length=16`) arrives as the handler's first
 * argument, one property per key. Values are always text, so the handler converts and checks them:
 * a missing length means 8, a bad one is answered with 400 Bad Request.
 *
 *   node dist/services/tutorials/tutorial3-url-parameters.js
 *   curl http://127.0.0.1:8080/generate?length=16   → 16 random hex digits
 *   curl http://127.0.0.1:8080/generate             → 8
 */
import { expose, quickstart } from "../../src/index.js";
import { isMainModule } from "./main-module.js";
import { lengthParam, randomHex } from "./random-string.js";

export class StringGenerator {
  @expose
  index(): string {
    return "Hello world!";
  }

  @expose
  generate({ length }: { length?: unknown }): string {
    return randomHex(lengthParam(length));
  }
}

if (isMainModule(import.meta.url)) await quickstart(new StringGenerator());
