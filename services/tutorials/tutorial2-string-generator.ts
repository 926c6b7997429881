/**
 * Tutorial 2: different URLs lead to different methods. The path names the method to call:
 * "/" calls index(), "/generate" calls generate().
 *
 *   node dist/services/tutorials/tutorial2-string-generator.js
 *   curl http://127.0.0.1:8080/generate  → 8 random hex digits, new ones on every request
 */
import { expose, quickstart } from "../../src/index.js";
import { isMainModule } from "./main-module.js";
import { randomHex } from "./random-string.js";

export class StringGenerator {
  @expose
  index(): string {
    return "Hello world!";
  }

  @expose
  generate(): string {
    return randomHex(8);
  }
}

if (isMainModule(import.meta.url)) await quickstart(new StringGenerator());
