// Test helper: the exact pages the tutorials serve, written out once for the in-process and the run-as-a-process tests.

export const TUTORIAL4_FORM = `<!DOCTYPE html>
<html>
<head><title>String generator</title></head>
<body>
<form method="get" action="generate">
<label>Length <input type="number" name="length" value="8" min="1" max="64"></label>
<button type="submit">Generate</button>
</form>
</body>
</html>
`;

export const TUT02_INDEX = 'There is <a href="showMessage">a message</a> waiting for you.';

export const TUT03_FORM = `<form action="greetUser" method="post">
<p>What is your name?</p>
<input type="text" name="name">
<button type="submit">Say hello</button>
</form>
`;

export const TUT04_HOME = `<p>Welcome! This site is a tree of objects.</p>
<ul>
<li><a href="joke/">A joke</a></li>
<li><a href="links/">Some links</a></li>
</ul>
`;

export const TUT04_JOKE = `<p>Why do programmers confuse Halloween with Christmas? Because OCT 31 equals DEC 25.</p>
<p><a href="../">Back home</a></p>
`;

export const TUT04_LINKS = `<p>Some useful links:</p>
<ul>
<li><a href="https://nodejs.org/">Node.js</a></li>
<li><a href="https://cherrypy.dev/">CherryPy, where this design comes from</a></li>
</ul>
<p>There are <a href="extra/">more links</a> on another page.</p>
<p><a href="../">Back home</a></p>
`;

export const TUT04_EXTRA = `<p>A few more links:</p>
<ul>
<li><a href="https://developer.mozilla.org/en-US/docs/Web/HTTP">HTTP on MDN</a></li>
<li><a href="https://www.rfc-editor.org/rfc/rfc9110">RFC 9110, HTTP semantics</a></li>
</ul>
<p><a href="../">Back to the links</a> or <a href="../../">home</a></p>
`;

export const TUT05_HOME = `<html>
<head><title>Tutorial 5</title></head>
<body>
<h2>Tutorial 5</h2>
<p>Both pages on this site derive from one Page class.</p>
<p>Have a look at <a href="another/">another page</a>.</p>
</body>
</html>
`;

export const TUT05_ANOTHER = `<html>
<head><title>Another Page</title></head>
<body>
<h2>Another Page</h2>
<p>This page shares its header and footer with the home page.</p>
<p><a href="../">Back home</a></p>
</body>
</html>
`;

export const TUT06_USERS = `<p>Our users:</p>
<ul>
<li><a href="remi">remi</a></li>
<li><a href="hendrik">hendrik</a></li>
<li><a href="lorenzo">lorenzo</a></li>
</ul>
`;

export const TUT06_REMI = `<h2>remi</h2>
<p>Remi keeps the release notes tidy.</p>
<p><a href="./">All users</a></p>
`;

export const TUT06_HENDRIK = `<h2>hendrik</h2>
<p>Hendrik answers questions on the mailing list.</p>
<p><a href="./">All users</a></p>
`;

export const TUT08_GENERATED = `<html><body><h2>A page made by a generator</h2>
<h3>Members:</h3>
Ada<br>
Grace<br>
Edsger<br>
Barbara<br>
</body></html>
`;

/** tut10's index, which says whether tracebacks are on and offers to flip them. */
export function tut10Index(tracebacks: boolean): string {
  const [now, flip] = tracebacks ? ["on", "off"] : ["off", "on"];
  return `<!DOCTYPE html>
<html>
<body>
<p>Tracebacks are ${now}: <a href="toggleTracebacks">turn them ${flip}</a>.</p>
<p><a href="doesNotExist">A broken link</a> (404).</p>
<p><a href="error?code=403">A 403 with a custom error page</a> read from a file.</p>
<p>Errors the application raises on purpose:</p>
<ul>
<li><a href="error?code=400">400</a></li>
<li><a href="error?code=401">401</a></li>
<li><a href="error?code=402">402</a></li>
<li><a href="error?code=500">500</a></li>
</ul>
<p><a href="messageArg">An error with its own message</a>.</p>
<p><a href="crash">An unexpected exception</a>: a 500 whose traceback shows only while tracebacks are on.</p>
</body>
</html>
`;
}

/** The index at "/" of the tutorials mounted together (`npm start`). */
export const TUTORIALS_INDEX = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Orchard tutorials</title></head>
<body>
<h1>Orchard tutorials</h1>
<ul>
<li><a href="/tutorial1/">Tutorial 1: a basic web application</a></li>
<li><a href="/tutorial2/">Tutorial 2: different URLs lead to different methods</a></li>
<li><a href="/tutorial3/">Tutorial 3: URLs with parameters</a></li>
<li><a href="/tutorial4/">Tutorial 4: submit a form</a></li>
<li><a href="/tut01/">tut01: hello world</a></li>
<li><a href="/tut02/">tut02: several exposed methods</a></li>
<li><a href="/tut03/">tut03: GET and POST parameters</a></li>
<li><a href="/tut04/">tut04: a site of several objects</a></li>
<li><a href="/tut05/">tut05: derived objects</a></li>
<li><a href="/tut06/">tut06: the default method</a></li>
<li><a href="/tut08/">tut08: generators and yield</a></li>
<li><a href="/tut10/">tut10: HTTP errors</a></li>
<li><a href="/tutorial7/">Tutorial 7: a REST string generator, in JSON</a></li>
<li><a href="/tutorial8/">Tutorial 8: Ajax against the JSON API</a></li>
</ul>
</body>
</html>
`;
