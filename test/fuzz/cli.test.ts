import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { SourceText } from "../../src/parser/source-text.js";
import { applyEdit, edit, histories } from "../helpers/arbitraries.js";
import { jsonResults, ROOT, runCli, tempProject, type TempDir } from "../cli/run.js";
import { FUZZ } from "./settings.js";

/**
 * A few runs of the built CLI on fuzzed repositories: the read path (byte mutations that break UTF-8,
 * NUL bytes, a byte order mark), layout detection and the reporters, which the in-memory tests skip.
 * Each run spawns Node, so there are few of them: a tenth of the in-memory runs, at least 3.
 */
const fixtures = readdirSync(path.join(ROOT, "fixtures"), { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".sql"))
  .sort()
  .map((f) => readFileSync(path.join(ROOT, "fixtures", f)));

/** Byte-level damage: flipped, inserted and removed bytes, so files stop being valid UTF-8 or gain NULs. */
const byteEdit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }), kind: fc.constantFrom("set", "insert", "delete") });

function damage(bytes: Buffer, edits: readonly { at: number; byte: number; kind: string }[]): Buffer {
  let out = Buffer.from(bytes);
  for (const e of edits) {
    const at = Math.min(out.length, Math.floor(e.at * out.length));
    if (e.kind === "set" && at < out.length) out[at] = e.byte;
    else if (e.kind === "insert") out = Buffer.concat([out.subarray(0, at), Buffer.from([e.byte]), out.subarray(at)]);
    else out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1)]);
  }
  return out;
}

/** Problems with one CLI run: a crash, an unexpected exit code, output that is not JSON, a file without a result, a position outside its file. */
function cliViolations(dir: string, written: readonly string[]): string[] {
  const run = runCli(["--format", "json", "-c", ".schemalintrc.json", "db", "mig"], { cwd: dir });
  if (run.status !== 0 && run.status !== 1) return [`exit ${String(run.status)}: ${run.stderr}`];
  if (run.stderr.includes("internal error")) return [run.stderr];
  const results = jsonResults(run.stdout);
  const reported = new Set(results.map((r) => path.relative(dir, r.filePath)));
  const problems = written.filter((f) => !reported.has(f)).map((f) => `no result for ${f}`);
  for (const result of results) {
    // As the CLI reads it: UTF-8 with a byte order mark dropped (files it cannot decode are reported at line 1 or a byte's line).
    const source = new SourceText(new TextDecoder("utf-8").decode(readFileSync(result.filePath)));
    for (const m of result.messages) {
      if (m.messageId === "internal-error") problems.push(`rule crash: ${m.message}`);
      const inside = (line: number, column: number): boolean => line >= 1 && line <= source.lineCount && column >= 1 && column <= source.lineText(line).length + 1;
      if (!inside(m.line, m.column) || !inside(m.endLine ?? m.line, m.endColumn ?? m.column)) {
        problems.push(`out of bounds: ${path.basename(result.filePath)} ${m.ruleId ?? ""} ${String(m.line)}:${String(m.column)}`);
      }
    }
  }
  return problems;
}

describe("fuzz: the built CLI on damaged and generated repositories", () => {
  let project: TempDir | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it("exits 0 or 1 with JSON whose positions lie inside the files, for bytes, text edits and generated histories", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: fixtures.length - 1 }),
        fc.array(byteEdit, { minLength: 1, maxLength: 4 }),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        histories,
        fc.boolean(),
        async (i, bytes, edits, history, bom) => {
          const fixture = fixtures[i] ?? Buffer.alloc(0);
          await project?.remove();
          project = await tempProject("schemalint-fuzz-");
          await project.write(".schemalintrc.json", JSON.stringify({ extends: ["schemalint:all"] }));
          const written = ["db/001_bytes.sql", "db/002_text.sql"];
          await project.write("db/001_bytes.sql", damage(fixture, bytes));
          await project.write("db/002_text.sql", `${bom ? "\uFEFF" : ""}${edits.reduce(applyEdit, fixture.toString("utf8"))}`);
          // The golang-migrate part of a generated history.
          for (const f of history.filter((h) => h.path.startsWith("/gm/"))) {
            const name = `mig/${path.basename(f.path)}`;
            await project.write(name, f.text);
            written.push(name);
          }
          expect(cliViolations(project.dir, written)).toEqual([]);
        },
      ),
      { ...FUZZ.options, numRuns: Math.max(3, Math.ceil(FUZZ.options.numRuns / 10)) },
    );
  }, FUZZ.timeout);
});
