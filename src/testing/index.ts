export { inject, treeOf, type InjectOptions, type InjectResponse, type ResponseHeaderView, type Target } from "./inject.js";
export { serve, type Served } from "./serve.js";
export { WebCase } from "./webcase.js";
