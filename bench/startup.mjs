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
const probes = [];
for (let i = 0; i < runs; i++) {
  bare.push(wall(["-e", "0"]));
  cli.push(wall([path.join(root, "bin/schemalint.js"), "--format", "json", precommit]));
  probes.push(JSON.parse(execFileSync(process.execPath, [path.join(root, "bench/startup-probe.mjs")], { cwd: root, encoding: "utf8" })));
}
const step = (from, to) => median(probes.map((p) => p[to] - p[from]));
console.log(`\n## Start-up floor (fresh processes, medians of ${runs})\n`);
console.log("| Step | ms |");
console.log("| --- | ---: |");
console.log(`| Node start to exit, empty script (\`node -e 0\`) | ${median(bare).toFixed(0)} |`);
console.log(`| Node start to the first line of a script | ${median(probes.map((p) => p.script)).toFixed(0)} |`);
console.log(`| import zod (rule and config option schemas) | ${step("script", "zod").toFixed(0)} |`);
console.log(`| import the rules, schema model, parser (starts the WASM compile) | ${step("zod", "rules").toFixed(0)} |`);
console.log(`| import the CLI (config, file discovery, reporters) | ${step("rules", "main").toFixed(0)} |`);
console.log(`| wait for the WASM parser (compile + instantiate) | ${step("main", "parser").toFixed(0)} |`);
console.log(`| parse the first statement | ${step("parser", "firstParse").toFixed(0)} |`);
console.log(`| **schemalint on the 3 pre-commit files, process start to exit** | **${median(cli).toFixed(0)}** |`);
