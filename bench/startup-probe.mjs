// One fresh process: where start-up time goes before the first statement is parsed. Prints JSON
// (milliseconds since the process started, at each step). Used by startup.mjs. With "modules" as the
// argument it imports the unbundled CLI (dist/cli/main.js, ~300 ES modules) instead of the bundle
// bin/schemalint.js runs (dist/bin/schemalint.mjs).
const marks = { script: performance.now() };
if (process.argv[2] === "modules") await import("../dist/cli/main.js");
else await import("../dist/bin/schemalint.mjs");
marks.main = performance.now();
// The bundle leaves libpg-query external: this waits for the same compile the CLI started.
const { initParser, parseSql } = await import("../dist/parser/parse.js");
await initParser();
marks.parser = performance.now();
parseSql("CREATE TABLE t (id bigint PRIMARY KEY);");
marks.firstParse = performance.now();
console.log(JSON.stringify(marks));
