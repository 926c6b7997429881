/**
 * The request lifecycle, top to bottom: dispatch, hooks, body, handler, finalize, write. This file
 * is the only place that knows the order of the stages.
 */
import { HTTPError, HTTPRedirect, InternalRedirect, NotFound } from "./errors.js";
import { Context } from "./context.js";
import { runHooks } from "./hooks.js";
import { Request, type WireRequest } from "./request.js";
import { Response } from "./response.js";
import { parseForm } from "./body/urlencoded.js";
import { mergeParams } from "./body/params.js";
import { processBody } from "./body/processors.js";
import { errorResponse, redirectResponse } from "./error-response.js";
import { finalize } from "./finalize.js";
import { writeResponse, writeBareError, type WireResponse } from "./write.js";
import type { Application } from "../tree/application.js";

export interface RequestTarget {
  path: string;
  query: string;
}

/** Serves one request of an application and writes the response. Never rejects. */
export async function respond(app: Application, wire: WireRequest, out: WireResponse, target: RequestTarget): Promise<void> {
  const request = new Request(wire, target);
  request.scriptName = app.scriptName;
  let ctx = new Context(app, request, new Response());
  const watch = { deadline: Infinity, timeOut: () => abandon(ctx, out) };
  app.tree.timeouts.add(watch);
  try {
    let visited: Set<string> | undefined;
    for (;;) {
      try {
        try {
          await handle(ctx, watch);
        } catch (error) {
          if (error instanceof InternalRedirect) throw error;
          await handleError(ctx, error);
        }
        break;
      } catch (error) {
        if (!(error instanceof InternalRedirect)) throw error;
        ctx = redirectInternally(ctx, error, (visited ??= new Set()));
      }
    }
    if (!ctx.finished) {
      const writing = writeResponse(ctx, out);
      if (writing) await writing;
    }
  } catch (error) {
    app.log("Unrecoverable error in the server.", "error", error, "HTTP");
    writeBareError(out);
  } finally {
    app.tree.timeouts.delete(watch);
    ctx.finished = true;
    ctx.request.stage = "onEndRequest";
    const onEnd = ctx.route?.hooks.onEndRequest;
    if (onEnd) {
      try {
        const pending = runHooks(onEnd, ctx);
        if (pending) await pending;
      } catch (error) {
        app.log("Error in onEndRequest hook", "error", error, "HTTP");
      }
    }
    app.tree.logAccess(ctx);
    for (const fn of ctx.deferred) {
      try {
        await fn();
      } catch (error) {
        app.log("Error in work deferred until after the response", "error", error, "HTTP");
      }
    }
  }
}

async function handle(ctx: Context, watch: { deadline: number }): Promise<void> {
  const { request, response, app } = ctx;
  request.stage = "dispatch";
  const finding = app.find(request.rawPathInfo, ctx);
  const found = finding instanceof Promise ? await finding : finding;
  const route = found.route;
  ctx.route = route;
  if (route.timeout > 0) watch.deadline = request.time + route.timeout;
  request.config = route.config;
  // Before any hook: tools such as jsonIn read the body at beforeRequestBody.
  request.body.limit = route.maxBodySize;
  request.handler = found.handler;
  request.args = found.args;
  request.isIndex = found.isIndex;
  response.stream = route.stream;
  for (const [name, value] of route.defaultHeaders) response.headers.set(name, value);
  if (found.allow) response.headers.set("Allow", found.allow.join(", "));
  const hooks = route.hooks;

  if (hooks.onStartResource) {
    request.stage = "onStartResource";
    const pending = runHooks(hooks.onStartResource, ctx);
    if (pending) await pending;
  }
  if (request.queryString) mergeParams(request.params, parseForm(request.queryString, "query string"));
  if (found.params) mergeParams(request.params, found.params);

  if (hooks.beforeRequestBody) {
    request.stage = "beforeRequestBody";
    const pending = runHooks(hooks.beforeRequestBody, ctx);
    if (pending) await pending;
  }
  if (route.processBody && route.methodsWithBodies.has(request.method)) {
    request.stage = "processBody";
    await processBody(ctx, route.processors);
  }

  if (hooks.beforeHandler) {
    request.stage = "beforeHandler";
    const pending = runHooks(hooks.beforeHandler, ctx);
    if (pending) await pending;
  }
  if (request.handler === undefined) {
    if (found.allow) throw new HTTPError(405);
    throw new NotFound(request.scriptName + request.pathInfo);
  }
  request.stage = "handler";
  const body = route.invoke(ctx);
  response.body = body instanceof Promise ? await body : body;

  if (hooks.beforeFinalize) {
    request.stage = "beforeFinalize";
    const pending = runHooks(hooks.beforeFinalize, ctx);
    if (pending) await pending;
  }
  request.stage = "finalize";
  const finalized = finalize(ctx);
  if (finalized) await finalized;
  if (hooks.onEndResource) {
    request.stage = "onEndResource";
    const pending = runHooks(hooks.onEndResource, ctx);
    if (pending) await pending;
  }
}

async function handleError(ctx: Context, error: unknown): Promise<void> {
  const { request, app } = ctx;
  if (error instanceof HTTPRedirect) {
    redirectResponse(ctx, error);
    const finalized = finalize(ctx);
    if (finalized) await finalized;
    return;
  }
  // Dispatch itself failed: the error is handled under the application's root config (tracebacks, error pages).
  ctx.route ??= app.route([app.section("/")]);
  if (!(error instanceof HTTPError) && ctx.route.throwErrors) throw error;
  // Unexpected errors are logged by the logTracebacks tool (on by default), which reads this.
  ctx.error = error;
  const hooks = ctx.route.hooks;
  request.stage = "beforeErrorResponse";
  if (hooks.beforeErrorResponse) {
    const pending = runHooks(hooks.beforeErrorResponse, ctx);
    if (pending) await pending;
  }
  await errorResponse(ctx, error);
  request.stage = "afterErrorResponse";
  if (hooks.afterErrorResponse) {
    const pending = runHooks(hooks.afterErrorResponse, ctx);
    if (pending) await pending;
  }
  const finalized = finalize(ctx);
  if (finalized) await finalized;
}

function redirectInternally(ctx: Context, redirect: InternalRedirect, visited: Set<string>): Context {
  const old = ctx.request;
  visited.add(old.rawPathInfo + "?" + old.queryString);
  const base = old.rawPathInfo.slice(0, old.rawPathInfo.lastIndexOf("/") + 1);
  const path = redirect.path.startsWith("/") ? redirect.path : base + redirect.path;
  const key = path + "?" + redirect.queryString;
  if (visited.has(key) && !redirect.recursive) {
    throw new Error(`InternalRedirect loop: ${path} was already visited (pass { recursive: true } to allow it)`);
  }
  const request = old.redirected(path, redirect.queryString);
  const next = new Context(ctx.app, request, new Response());
  next.session = ctx.session;
  next.deferred = ctx.deferred;
  return next;
}

/** The response timeout passed: answer 503 if nothing was sent yet, and drop the handler's result. */
function abandon(ctx: Context, out: WireResponse): void {
  if (ctx.finished) return;
  ctx.finished = true;
  ctx.timedOut = true;
  ctx.app.log(`Response timed out after ${ctx.route?.timeout ?? 0} ms: ${ctx.request.method} ${ctx.request.url}`, "warning", undefined, "HTTP");
  if (!out.headersSent) {
    out.writeHead(503, "Service Unavailable", ["Content-Type", "text/plain;charset=utf-8", "Connection", "close"]);
    out.end("The response timed out.");
  } else out.destroy();
}
