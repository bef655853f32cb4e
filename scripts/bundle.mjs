// npm run build, after tsc: bundles the CLI (see rolldown.config.mjs) without listing every chunk.
// The chunks' names carry content hashes: the old ones are removed first.
import { rmSync } from "node:fs";
import { build } from "rolldown";
import config from "../rolldown.config.mjs";

rmSync(new URL(`../${config.output.dir}`, import.meta.url), { recursive: true, force: true });
await build(config);
