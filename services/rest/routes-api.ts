/**
 * A small JSON API on RoutesDispatcher: named routes to a controller's actions.
 *   GET    /books        every book                        200
 *   POST   /books        add one (JSON or form: title, author)  201 + Location
 *   GET    /books/:id    one book                          200, 404
 *   DELETE /books/:id    remove it                         204, 404
 * Other verbs on those paths get 405 with Allow; errors come back as JSON too.
 *
 *   node dist/services/rest/routes-api.js
 *   curl -d '{"title":"Dune","author":"Frank Herbert"}' -H 'Content-Type: application/json' http://127.0.0.1:8080/books
 */
import { HTTPError, RoutesDispatcher, quickstart, type AppConfig, type Application, type Context, type ErrorInfo, type Params, type Tree } from "../../src/index.js";
import { isMainModule } from "../tutorials/main-module.js";

export interface Book {
  id: number;
  title: string;
  author: string;
}

/** The books, in memory. */
export class BookStore {
  readonly #books = new Map<number, Book>();
  #nextId = 1;

  constructor(initial: ReadonlyArray<Omit<Book, "id">> = []) {
    for (const book of initial) this.add(book);
  }

  all(): Book[] {
    return [...this.#books.values()];
  }

  get(id: number): Book | undefined {
    return this.#books.get(id);
  }

  add(book: Omit<Book, "id">): Book {
    const stored = { id: this.#nextId++, title: book.title, author: book.author };
    this.#books.set(stored.id, stored);
    return stored;
  }

  remove(id: number): boolean {
    return this.#books.delete(id);
  }
}

/** Sends `value` as JSON (the jsonOut tool will do this for handlers that return objects). */
function json(ctx: Context, value: unknown, status = 200): string {
  ctx.response.status = status;
  ctx.response.headers.set("Content-Type", "application/json");
  return JSON.stringify(value);
}

export class BooksController {
  constructor(
    readonly store: BookStore,
    readonly routes: RoutesDispatcher,
  ) {}

  list(_params: Params, ctx: Context): string {
    return json(ctx, this.store.all());
  }

  async create(params: Params, ctx: Context): Promise<string> {
    const input = await bookInput(params, ctx);
    const book = this.store.add(input);
    ctx.response.headers.set("Location", ctx.url(this.routes.generate("book", { id: book.id })));
    return json(ctx, book, 201);
  }

  show(params: Params, ctx: Context): string {
    return json(ctx, this.#find(params));
  }

  remove(params: Params, ctx: Context): void {
    this.store.remove(this.#find(params).id);
    ctx.response.status = 204;
  }

  #find(params: Params): Book {
    const book = this.store.get(Number(params.id));
    if (book === undefined) throw new HTTPError(404, `There is no book ${String(params.id)}.`);
    return book;
  }
}

/** Title and author from a JSON body, or from form fields. */
async function bookInput(params: Params, ctx: Context): Promise<Omit<Book, "id">> {
  let source: Record<string, unknown> = params;
  if (/^application\/json\b/i.test(ctx.request.headers.get("content-type") ?? "")) {
    try {
      source = JSON.parse(await ctx.request.body.text()) as Record<string, unknown>;
    } catch {
      throw new HTTPError(400, "The body is not valid JSON.");
    }
  }
  const { title, author } = source ?? {};
  if (typeof title !== "string" || title === "" || typeof author !== "string" || author === "") {
    throw new HTTPError(400, "A book needs a title and an author (non-empty strings).");
  }
  return { title, author };
}

/** The routes of the API, connected to one controller. */
export function booksRoutes(store: BookStore): RoutesDispatcher {
  const routes = new RoutesDispatcher();
  const books = new BooksController(store, routes);
  const id = { id: /\d+/ };
  return routes
    .connect("books", "/books", books, { action: "list", conditions: { method: ["GET"] } })
    .connect("addBook", "/books", books, { action: "create", conditions: { method: ["POST"] } })
    .connect("book", "/books/:id", books, { action: "show", requirements: id, conditions: { method: ["GET"] } })
    .connect("removeBook", "/books/:id", books, { action: "remove", requirements: id, conditions: { method: ["DELETE"] } });
}

/** Error pages as JSON: the page renders the body, the hook fixes its Content-Type. */
const jsonErrorPage = ({ status, message }: ErrorInfo) => JSON.stringify({ status, message });
const jsonErrorType = (ctx: Context) => void ctx.response.headers.set("Content-Type", "application/json");

/** The application config: the routes for the whole app, and JSON errors. */
export function booksApiConfig(store = new BookStore()): AppConfig {
  return { "/": { "request.dispatch": booksRoutes(store), "errorPage.default": jsonErrorPage, "hooks.afterErrorResponse": jsonErrorType } };
}

/** Mounts the API at `scriptName` ("/rest/library" in services/main.ts, say); routes need no root object. */
export function mountBooksApi(tree: Tree, scriptName = "", store = new BookStore()): Application {
  return tree.mount({}, scriptName, booksApiConfig(store));
}

if (isMainModule(import.meta.url)) {
  await quickstart({}, "", booksApiConfig(new BookStore([{ title: "The Left Hand of Darkness", author: "Ursula K. Le Guin" }])));
}
