// The public types use node's (Buffer, streams): this brings @types/node (a peer dependency) into a
// consumer's program even when its tsconfig lists no "types".
/// <reference types="node" preserve="true" />
export { inject, treeOf, type InjectOptions, type InjectResponse, type ResponseHeaderView, type Target } from "./inject.js";
export { serve, type Served } from "./serve.js";
export { WebCase } from "./webcase.js";
