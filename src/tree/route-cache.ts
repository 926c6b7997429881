/** Compiled routes keyed by the identity of their config layers: a trie of Maps, no key strings per request. */
import type { SectionConfig } from "../config/types.js";
import type { Route } from "../request/route.js";

interface Node {
  route?: Route;
  next?: Map<object, Node>;
}

export class RouteCache {
  #root: Node = {};

  get(layers: ReadonlyArray<SectionConfig | undefined>, compile: () => Route): Route {
    let node = this.#root;
    for (const layer of layers) {
      if (layer === undefined) continue;
      node.next ??= new Map();
      let child = node.next.get(layer);
      if (child === undefined) node.next.set(layer, (child = {}));
      node = child;
    }
    return (node.route ??= compile());
  }

  clear(): void {
    this.#root = {};
  }
}
