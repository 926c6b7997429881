// tut01-tut10 started as `node dist/services/tutorials/<file>.js` serve themselves through quickstart.
import { describeDirectRuns } from "./direct-run.js";
import { TUT04_JOKE, TUT05_ANOTHER, TUT06_HENDRIK, TUT08_GENERATED, tut10Index } from "./pages.js";

describeDirectRuns("tut01-tut10 run directly", [
  { file: "tut01-hello-world.js", path: "/", body: "Hello world!" },
  { file: "tut02-expose-methods.js", path: "/showMessage", body: "Hello world!" },
  { file: "tut03-get-and-post.js", path: "/greetUser?name=Bob", body: "Hello, Bob! Good to see you." },
  { file: "tut04-complex-site.js", path: "/joke/", body: TUT04_JOKE },
  { file: "tut05-derived-objects.js", path: "/another/", body: TUT05_ANOTHER },
  { file: "tut06-default-method.js", path: "/users/hendrik", body: TUT06_HENDRIK },
  { file: "tut08-generators-and-yield.js", path: "/", body: TUT08_GENERATED },
  { file: "tut10-http-errors.js", path: "/", body: tut10Index(true) },
]);
