// npm run bench (part 3): the start-up floor of a small run (the pre-commit case), in fresh processes;
// medians of BENCH_RUNS (default 5) x 2 runs. Uses the built dist/.
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { corpora as corporaIn } from "./corpus.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5) * 2;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const { precommit } = await corporaIn(path.join(root, "bench/corpus"));

function wall(args) {
  const started = performance.now();
  spawnSync(process.execPath, args, { cwd: root, stdio: "ignore" });
  return performance.now() - started;
}

const bare = [];
const cli = [];
const unbundled = [];
const probes = [];
const moduleProbes = [];
const probe = (...args) => JSON.parse(execFileSync(process.execPath, [path.join(root, "bench/startup-probe.mjs"), ...args], { cwd: root, encoding: "utf8" }));
for (let i = 0; i < runs; i++) {
  bare.push(wall(["-e", "0"]));
  cli.push(wall([path.join(root, "bin/schemalint.js"), "--format", "json", precommit]));
  // The same run through the unbundled modules (what the bundle saves).
  unbundled.push(wall(["--input-type=module", "-e", `import { main } from ${JSON.stringify(path.join(root, "dist/cli/main.js"))}; process.exitCode = await main(["--format", "json", ${JSON.stringify(precommit)}]);`]));
  probes.push(probe());
  moduleProbes.push(probe("modules"));
}
const step = (list, from, to) => median(list.map((p) => p[to] - p[from]));
console.log(`\n## Start-up floor (fresh processes, medians of ${runs})\n`);
console.log("| Step | ms |");
console.log("| --- | ---: |");
console.log(`| Node start to exit, empty script (\`node -e 0\`) | ${median(bare).toFixed(0)} |`);
console.log(`| Node start to the first line of a script | ${median(probes.map((p) => p.script)).toFixed(0)} |`);
console.log(`| import the bundled CLI (rules, zod, schema model, config, reporters; starts the WASM compile) | ${step(probes, "script", "main").toFixed(0)} |`);
console.log(`| (the same CLI as ~300 unbundled modules) | ${step(moduleProbes, "script", "main").toFixed(0)} |`);
console.log(`| wait for the WASM parser (compile + instantiate) | ${step(probes, "main", "parser").toFixed(0)} |`);
console.log(`| parse the first statement | ${step(probes, "parser", "firstParse").toFixed(0)} |`);
console.log(`| **schemalint on the 3 pre-commit files, process start to exit** | **${median(cli).toFixed(0)}** |`);
console.log(`| (the same run through the unbundled modules) | ${median(unbundled).toFixed(0)} |`);

// BENCH_NODE=/path/to/node[,/path/to/another]: the pre-commit run on other Node versions, with and
// without their module compile cache (Node >= 22.1; bin/schemalint.js turns it on). The machines run
// Node 20, so these rows are for the decision on the Node version, not for the targets.
const others = (process.env.BENCH_NODE ?? "").split(",").filter((p) => p !== "");
if (others.length > 0) {
  const timed = (node, args, env) => {
    const started = performance.now();
    spawnSync(node, args, { cwd: root, stdio: "ignore", env: { ...process.env, ...env } });
    return performance.now() - started;
  };
  const precommitArgs = [path.join(root, "bin/schemalint.js"), "--format", "json", precommit];
  console.log(`\n## The pre-commit run on other Node versions (fresh processes, medians of ${runs})\n`);
  console.log("| Node | `node -e 0` | compile cache off | compile cache on |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const node of [process.execPath, ...others]) {
    const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
    const rows = { bare: [], off: [], on: [] };
    timed(node, precommitArgs, {}); // fills the compile cache
    for (let i = 0; i < runs; i++) {
      rows.bare.push(timed(node, ["-e", "0"], {}));
      rows.off.push(timed(node, precommitArgs, { NODE_DISABLE_COMPILE_CACHE: "1" }));
      rows.on.push(timed(node, precommitArgs, {}));
    }
    const on = node === process.execPath && !("enableCompileCache" in (await import("node:module")).default) ? "(none)" : median(rows.on).toFixed(0);
    console.log(`| ${version} | ${median(rows.bare).toFixed(0)} | ${median(rows.off).toFixed(0)} | ${on} |`);
  }
}
