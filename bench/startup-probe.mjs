// One fresh process: where start-up time goes before the first statement is parsed. Prints JSON
// (milliseconds since the process started, at each step). Used by startup.mjs.
const marks = { script: performance.now() };
await import("zod");
marks.zod = performance.now();
await import("../dist/rules/index.js");
marks.rules = performance.now();
await import("../dist/cli/main.js");
marks.main = performance.now();
const { initParser, parseSql } = await import("../dist/parser/parse.js");
await initParser();
marks.parser = performance.now();
parseSql("CREATE TABLE t (id bigint PRIMARY KEY);");
marks.firstParse = performance.now();
console.log(JSON.stringify(marks));
