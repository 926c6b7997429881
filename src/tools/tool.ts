/** Tools (callbacks attached at a hook point, turned on by config or decorator) and toolboxes (their namespaces). */
import { writeMetadata } from "../metadata.js";
import { rejectLegacyCall } from "../decorators/legacy.js";
import type { Context } from "../request/context.js";
import type { HookPoint } from "../request/hooks.js";
import type { Invoke, RouteBuilder } from "../request/route.js";
import type { Config } from "../config/layers.js";
import type { RequestNamespace } from "../config/namespaces.js";

export type ToolCallback<A> = (ctx: Context, args: A) => void | Promise<void>;

/** What a decorator returns: usable on methods, classes, or called on a plain function. */
export type Decorator = <T extends object>(target: T, context?: DecoratorContext) => T;

export interface ToolOptions<A> {
  name: string;
  /** Lower runs first (1-100, default 50). `tools.NAME.priority` overrides it per path. */
  priority?: number;
  /** Still runs when an earlier hook at the same point failed. */
  failsafe?: boolean;
  /** The argument names the tool takes (with `on` and `priority`); others are config errors. */
  args?: readonly (keyof A & string)[];
  /** Checks one argument; returns what is wrong or undefined. */
  validate?: (name: string, value: unknown) => string | undefined;
}

export class Tool<A extends object = Record<string, unknown>> {
  readonly name: string;
  readonly point: HookPoint;
  readonly priority: number;
  readonly failsafe: boolean;
  readonly callback: ToolCallback<A>;
  readonly #args: ReadonlySet<string> | undefined;
  readonly #validate: ToolOptions<A>["validate"];
  /** The toolbox namespace ("tools"), set when added to one. */
  namespace = "tools";

  constructor(point: HookPoint, callback: ToolCallback<A>, options: ToolOptions<A>) {
    this.point = point;
    this.callback = callback;
    this.name = options.name;
    this.priority = options.priority ?? 50;
    this.failsafe = options.failsafe ?? false;
    this.#args = options.args ? new Set(options.args) : undefined;
    this.#validate = options.validate;
  }

  /** Attaches the tool to a route being compiled. Tools with several hooks override this. */
  attach(route: RouteBuilder, args: A, priority: number): void {
    const callback = this.callback;
    route.hook(this.point, (ctx) => callback(ctx, args), { priority, failsafe: this.failsafe, name: `${this.namespace}.${this.name}` });
  }

  /** `tool.on` is config, not a property: reading or setting it is a mistake worth a clear error. */
  get on(): never {
    throw new TypeError(this.#onMisuse());
  }

  set on(_value: unknown) {
    throw new TypeError(this.#onMisuse());
  }

  #onMisuse(): string {
    const key = `${this.namespace}.${this.name}`;
    return `the ${key} tool is turned on by config ('${key}.on': true) or by decorator (@${key}()), not by its 'on' property`;
  }

  /** What is wrong with `tools.NAME.<arg> = value`, or undefined. */
  problemWith(arg: string, value: unknown): string | undefined {
    if (arg === "on") return typeof value === "boolean" ? undefined : `expected a boolean, got ${typeof value}`;
    if (arg === "priority") return typeof value === "number" && Number.isFinite(value) ? undefined : "the priority must be a number";
    if (this.#args && !this.#args.has(arg)) {
      return `the ${this.name} tool has no argument '${arg}'; it takes ${[...this.#args].join(", ") || "none"}`;
    }
    return this.#validate?.(arg, value);
  }

  /** The decorator form: turns the tool on for a method or class, with default arguments. */
  decorator(args?: Partial<A>): Decorator {
    // `@tools.gzip` without parentheses hands the decorated method in as the arguments.
    if (typeof args === "function") {
      throw new TypeError(`write @${this.namespace}.${this.name}() with parentheses: the tool's decorator takes its arguments, not the method`);
    }
    const config: Record<string, unknown> = { [`${this.namespace}.${this.name}.on`]: true };
    for (const [key, value] of Object.entries(args ?? {})) config[`${this.namespace}.${this.name}.${key}`] = value;
    return (target, context) => {
      rejectLegacyCall(`@${this.namespace}.${this.name}()`, target, context);
      writeMetadata(target, (m) => {
        m.toolConfig = { ...m.toolConfig, ...config };
      });
      return target;
    };
  }
}

/** What a handler-wrapping tool does around the handler call: `(next, ctx, args) => next(ctx)` plus its own work. */
export type HandlerWrapperCallback<A> = (next: Invoke, ctx: Context, args: A) => unknown;

/**
 * A tool that wraps the handler (CherryPy's HandlerWrapperTool): lower priorities sit outside
 * higher ones, so they run first and see the result last.
 */
export class HandlerWrapperTool<A extends object = Record<string, unknown>> extends Tool<A> {
  readonly #wrap: HandlerWrapperCallback<A>;

  constructor(wrap: HandlerWrapperCallback<A>, options: ToolOptions<A>) {
    // The point is nominal: the wrapper runs where the handler is called, after beforeHandler.
    super("beforeHandler", () => undefined, options);
    this.#wrap = wrap;
  }

  override attach(route: RouteBuilder, args: A, priority: number): void {
    const wrap = this.#wrap;
    route.wrapHandler((next) => (ctx) => wrap(next, ctx, args), priority);
  }
}

/** A toolbox: tools under one config namespace (`tools`, or a user's own like `newauth`). */

export class Toolbox {
  readonly namespace: string;
  readonly #tools = new Map<string, Tool<object>>();

  constructor(namespace: string) {
    this.namespace = namespace;
  }

  add<A extends object>(tool: Tool<A>): Tool<A> {
    tool.namespace = this.namespace;
    this.#tools.set(tool.name, tool as unknown as Tool<object>);
    return tool;
  }

  /** Makes a tool from a function: `tools.register("beforeFinalize", fn, { name: "timing", priority: 60 })`. */
  register<A extends object = Record<string, unknown>>(point: HookPoint, callback: ToolCallback<A>, options: ToolOptions<A>): Tool<A> {
    return this.add(new Tool(point, callback, options));
  }

  get(name: string): Tool<object> | undefined {
    return this.#tools.get(name);
  }

  names(): string[] {
    return [...this.#tools.keys()];
  }

  /** Registers this toolbox's namespace in a config, so `NAMESPACE.NAME.on` turns tools on. */
  install(config: Config): void {
    config.namespaces.register(this.namespace, this.#namespace());
  }

  #namespace(): RequestNamespace {
    return {
      scope: "request",
      validate: (key, value) => {
        const dot = key.indexOf(".");
        const name = dot === -1 ? key : key.slice(0, dot);
        const tool = this.#tools.get(name);
        if (tool === undefined) return `no tool named '${name}' in ${this.namespace}; known: ${this.names().join(", ") || "none"}`;
        if (dot === -1) return `write ${this.namespace}.${name}.on = true (or an argument name after the tool's name)`;
        return tool.problemWith(key.slice(dot + 1), value);
      },
      done: (entries, route) => this.#attach(entries, route),
    };
  }

  /** Attaches every tool that is on, with its arguments, in the order the config named them. */
  #attach(entries: ReadonlyMap<string, unknown>, route: RouteBuilder): void {
    const byTool = new Map<string, Record<string, unknown>>();
    for (const [key, value] of entries) {
      const dot = key.indexOf(".");
      if (dot === -1) continue;
      const name = key.slice(0, dot);
      let args = byTool.get(name);
      if (!args) byTool.set(name, (args = {}));
      args[key.slice(dot + 1)] = value;
    }
    for (const [name, { on, priority, ...args }] of byTool) {
      const tool = this.#tools.get(name);
      if (tool === undefined) continue;
      if (on !== true) {
        if (Object.keys(args).length > 0 && on === undefined) route.warn(`${this.namespace}.${name} has arguments but is not on`);
        continue;
      }
      tool.attach(route, args, typeof priority === "number" ? priority : tool.priority);
    }
  }
}
