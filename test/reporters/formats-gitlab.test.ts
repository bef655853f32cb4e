import path from "node:path";
import { describe, expect, it } from "vitest";
import { resultOf } from "../../src/lint-result.js";
import { codeQualityIssues, fingerprint, gitlab, type CodeQualityIssue } from "../../src/reporters/gitlab.js";
import { formatterContext } from "../../src/reporters/index.js";
import { FILES, FIXTURE_CWD, sharedResults, TEXT } from "./shared-results.js";

const context = formatterContext(FIXTURE_CWD);

function issue(checkName: string, severity: CodeQualityIssue["severity"], file: string, line: number, description: string, print: string): CodeQualityIssue {
  return { description, check_name: checkName, fingerprint: print, severity, location: { path: file, lines: { begin: line } } };
}

describe("gitlab", () => {
  it("writes one Code Quality issue per finding", () => {
    // Fingerprints: sha256 of JSON [rule, path, message, occurrence], checked independently with Python's hashlib.
    const expected = [
      issue("no-float-money", "major", FILES.init, 2, `${TEXT.float} ${TEXT.floatHelp}`, "a3fb9d19d69d7ba2f883b3da7b989f00288a48b5ccde149b3add83ecd6d74fcc"),
      issue("require-fk-index", "minor", FILES.init, 4, `${TEXT.fk} ${TEXT.fkHelp}`, "f97b966c6afb0e6b4423d0b5f49be92e2070cc8c18747f6cdb913140b7a2503e"),
      // The same rule and message twice in one file: the first and the second occurrence.
      issue("unused-disable-directive", "major", FILES.init, 8, `${TEXT.unused} ${TEXT.unusedHelp}`, "f22d8999b3176741c52a937329ecba921d2b3385b1b60d28dca29d005800aad9"),
      issue("unused-disable-directive", "major", FILES.init, 12, `${TEXT.unused} ${TEXT.unusedHelp}`, "08d4bfc1515d9438a2f4bad5ba8db4c201b16f4ed54b5442d1c40badf0354626"),
      issue("parse-error", "blocker", FILES.broken, 3, `${TEXT.syntax} ${TEXT.syntaxHelp}`, "6c58325741560357bd118c724cef3635a0977f27f004ba459d088efd9e985b5a"),
      issue("no-float-money", "major", FILES.odd, 1, `${TEXT.unicode} ${TEXT.floatHelp}`, "59f15b43cdc72818a39f874cae50ca121fff2a5d1faf7714b6670f81afd1e496"),
      issue("naming-convention", "minor", FILES.odd, 3, TEXT.crlf, "8b3a15387f7806d7386491a4ccf4b12c01682f8a342fd9aa23872ad95134072a"),
      issue("read-error", "blocker", "/home/ci/elsewhere/x.sql", 1, TEXT.read, "478c83674780ec4058bcf4f3d19ed9d8c3b635080b2c32c0247095d5567a3f39"),
    ];
    const output = gitlab(sharedResults(), context);
    expect(output).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(codeQualityIssues(sharedResults(), context)).toEqual(expected);
    expect(output).toContain('"path": "db/café 😀/100%_a:b,c.sql"');
  });

  it("fingerprints are the rule, path, message and occurrence", () => {
    expect(fingerprint("no-float-money", FILES.init, TEXT.float, 1)).toBe("a3fb9d19d69d7ba2f883b3da7b989f00288a48b5ccde149b3add83ecd6d74fcc");
    expect(fingerprint("no-float-money", FILES.init, TEXT.float, 2)).not.toBe(fingerprint("no-float-money", FILES.init, TEXT.float, 1));
    expect(fingerprint("no-float-money", FILES.clean, TEXT.float, 1)).not.toBe(fingerprint("no-float-money", FILES.init, TEXT.float, 1));
    expect(fingerprint("no-money-type", FILES.init, TEXT.float, 1)).not.toBe(fingerprint("no-float-money", FILES.init, TEXT.float, 1));
  });

  it("keeps fingerprints when lines are inserted above the findings", () => {
    const before = codeQualityIssues(sharedResults(), context);
    const after = codeQualityIssues(sharedResults(7), context);
    expect(after.map((i) => i.fingerprint)).toEqual(before.map((i) => i.fingerprint));
    expect(after.map((i) => i.location.lines.begin)).toEqual([9, 11, 15, 19, 3, 1, 3, 1]);
    expect(new Set(before.map((i) => i.fingerprint)).size).toBe(before.length);
  });

  it("keeps fingerprints when another finding is added before them, unless it repeats their message", () => {
    const file = path.join(FIXTURE_CWD, "a.sql");
    const other = { ruleId: "require-fk-index", severity: 1 as const, message: TEXT.fk, line: 1, column: 1 };
    const same = { ruleId: "no-float-money", severity: 2 as const, message: TEXT.float, line: 2, column: 1 };
    const before = codeQualityIssues([resultOf(file, [{ ...same, line: 5 }], [])], context);
    const withOther = codeQualityIssues([resultOf(file, [other, { ...same, line: 6 }], [])], context);
    expect(withOther[1]?.fingerprint).toBe(before[0]?.fingerprint);
    // The same message earlier in the file: the old finding is now the second occurrence.
    const withSame = codeQualityIssues([resultOf(file, [same, { ...same, line: 6 }], [])], context);
    expect(withSame[0]?.fingerprint).toBe(before[0]?.fingerprint);
    expect(withSame[1]?.fingerprint).toBe(fingerprint("no-float-money", "a.sql", TEXT.float, 2));
  });

  it("prints [] without findings and leaves suppressed findings out", () => {
    expect(gitlab([], context)).toBe("[]\n");
    const [first] = sharedResults();
    expect(gitlab([resultOf(first?.filePath ?? "", [], [...(first?.suppressedMessages ?? [])])], context)).toBe("[]\n");
  });
});
