/** getPage and CPWebCase-style assertions over inject(), for tests that read like the seed's. */
import assert from "node:assert/strict";
import { inject, type InjectOptions, type InjectResponse, type Target } from "./inject.js";

export class WebCase {
  readonly target: Target;
  last: InjectResponse | undefined;

  constructor(target: Target) {
    this.target = target;
  }

  async getPage(url: string, options: Omit<InjectOptions, "url"> = {}): Promise<InjectResponse> {
    this.last = await inject(this.target, { ...options, url });
    return this.last;
  }

  get page(): InjectResponse {
    if (this.last === undefined) throw new Error("call getPage() first");
    return this.last;
  }

  assertStatus(expected: number | readonly number[]): void {
    const allowed = typeof expected === "number" ? [expected] : expected;
    assert.ok(allowed.includes(this.page.status), `status ${this.page.status} is not ${allowed.join(" or ")}; body: ${this.page.text.slice(0, 500)}`);
  }

  assertHeader(name: string, value?: string): void {
    const actual = this.page.headers.get(name);
    assert.notEqual(actual, undefined, `no ${name} header`);
    if (value !== undefined) assert.equal(actual, value, `header ${name}`);
  }

  assertNoHeader(name: string): void {
    assert.equal(this.page.headers.get(name), undefined, `unexpected ${name} header`);
  }

  assertBody(expected: string): void {
    assert.equal(this.page.text, expected);
  }

  assertInBody(part: string): void {
    assert.ok(this.page.text.includes(part), `${JSON.stringify(part)} not in body: ${this.page.text.slice(0, 500)}`);
  }

  assertNotInBody(part: string): void {
    assert.ok(!this.page.text.includes(part), `${JSON.stringify(part)} unexpectedly in body`);
  }

  assertMatchesBody(pattern: RegExp): void {
    assert.match(this.page.text, pattern);
  }

  /** The default HTML error page for a status, optionally with a message in it. */
  assertErrorPage(status: number, message?: string): void {
    this.assertStatus(status);
    this.assertInBody(`<h2>${status} `);
    if (message !== undefined) this.assertInBody(message.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;"));
  }
}
