// Tutorials 1-4 started as `node dist/services/tutorials/<file>.js` serve themselves through quickstart
// (tut01-tut10 are in run-directly-tut.test.ts: one file for all twelve processes took over 5 s).
import { describeDirectRuns } from "./direct-run.js";
import { TUTORIAL4_FORM } from "./pages.js";

describeDirectRuns("tutorials 1-4 run directly", [
  { file: "tutorial1-hello-world.js", path: "/", body: "Hello world!" },
  { file: "tutorial2-string-generator.js", path: "/generate", body: /^[0-9a-f]{8}$/ },
  { file: "tutorial3-url-parameters.js", path: "/generate?length=20", body: /^[0-9a-f]{20}$/ },
  { file: "tutorial4-submit-a-form.js", path: "/", body: TUTORIAL4_FORM },
]);
