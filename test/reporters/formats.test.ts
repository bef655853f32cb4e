import path from "node:path";
import { describe, expect, it } from "vitest";
import { resultOf } from "../../src/lint-result.js";
import { escapeData, escapeProperty, github } from "../../src/reporters/github.js";
import { gitlab } from "../../src/reporters/gitlab.js";
import { BUILTIN_FORMATS, formatterContext, loadFormatter } from "../../src/reporters/index.js";
import { escapeAttribute, escapeText, junit } from "../../src/reporters/junit.js";
import { sarif } from "../../src/reporters/sarif.js";
import { FIXTURE_CWD, sharedResults, TEXT } from "./shared-results.js";

const context = formatterContext(FIXTURE_CWD);

describe("github", () => {
  it("prints one workflow command per finding", () => {
    expect(github(sharedResults(), context)).toBe(
      [
        '::error file=db/migrations/001_init.sql,line=2,endLine=2,col=5,endColumn=14,title=schemalint(no-float-money)::Column "price" of "orders" stores money as "real": sums and comparisons are rounded.%0AUse numeric(12, 2).',
        // Several lines: no columns.
        '::warning file=db/migrations/001_init.sql,line=4,endLine=6,title=schemalint(require-fk-index)::Foreign key "orders_account_id_fkey" on "orders" ("account_id") has no index that starts with its columns.%0ACreate an index whose leading columns are "account_id".',
        "::error file=db/migrations/001_init.sql,line=8,endLine=8,col=1,endColumn=70,title=schemalint(unused-disable-directive)::Unused schemalint-disable-next-line directive: no finding was reported where it applies.%0ARemove the directive.",
        "::error file=db/migrations/001_init.sql,line=12,endLine=12,col=1,endColumn=70,title=schemalint(unused-disable-directive)::Unused schemalint-disable-next-line directive: no finding was reported where it applies.%0ARemove the directive.",
        // A syntax error: a point, no end.
        '::error file=db/002_broken.sql,line=3,col=11,title=schemalint(parse-error)::Syntax error at or near ";".%0AFix the syntax.',
        // `%`, `:` and `,` escaped in the file property; only `%` and line breaks in the message.
        `::error file=db/café 😀/100%25_a%3Ab%2Cc.sql,line=1,endLine=1,col=31,endColumn=45,title=schemalint(no-float-money)::Colonne « prix » de "café😀" stocke de l'argent en "real" — é, 😀.%0AUse numeric(12, 2).`,
        '::warning file=db/café 😀/100%25_a%3Ab%2Cc.sql,line=3,endLine=3,col=14,endColumn=22,title=schemalint(naming-convention)::Table "Orders" is not snake_case.%0D%0ARename it: 100%25 of the other tables, e.g. "order_items", are.',
        // Outside the working directory: the absolute path.
        "::error file=/home/ci/elsewhere/x.sql,line=1,col=1,title=schemalint(read-error)::File is binary (it contains NUL bytes), not SQL text: it was not linted.",
        "",
      ].join("\n"),
    );
  });

  it("escapes data and properties as the Actions runner expects", () => {
    expect(escapeData("50%\r\na: b, c")).toBe("50%25%0D%0Aa: b, c");
    expect(escapeProperty("50%\r\na: b, c")).toBe("50%25%0D%0Aa%3A b%2C c");
    // `%` first: an escape sequence is not escaped again.
    expect(escapeData("%0A")).toBe("%250A");
  });

  it("prints nothing without findings, and leaves suppressed findings out", () => {
    expect(github([], context)).toBe("");
    const [first] = sharedResults();
    const onlySuppressed = resultOf(first?.filePath ?? "", [], [...(first?.suppressedMessages ?? [])]);
    expect(github([onlySuppressed], context)).toBe("");
  });

  it("names a message without a rule schemalint, and keeps a one-line range without endColumn to a point", () => {
    const result = resultOf(path.join(FIXTURE_CWD, "a.sql"), [{ ruleId: null, severity: 1, message: "M.", line: 2, column: 3, endLine: 2 }], []);
    expect(github([result], context)).toBe("::warning file=a.sql,line=2,endLine=2,col=3,title=schemalint(schemalint)::M.\n");
  });
});

describe("junit", () => {
  it("writes one suite per file and one failing test case per finding", () => {
    const expected = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="schemalint" tests="9" failures="8" errors="0">
  <testsuite name="db/migrations/001_init.sql" tests="4" failures="4" errors="0" skipped="0">
    <testcase classname="db/migrations/001_init.sql" name="no-float-money at 2:5" file="db/migrations/001_init.sql" line="2">
      <failure type="error" message="Column &quot;price&quot; of &quot;orders&quot; stores money as &quot;real&quot;: sums and comparisons are rounded.">db/migrations/001_init.sql:2:5: error: Column "price" of "orders" stores money as "real": sums and comparisons are rounded.
Use numeric(12, 2).
Rule: no-float-money (https://github.com/schemalint/schemalint/blob/main/docs/rules/no-float-money.md)</failure>
    </testcase>
    <testcase classname="db/migrations/001_init.sql" name="require-fk-index at 4:3" file="db/migrations/001_init.sql" line="4">
      <failure type="warning" message="Foreign key &quot;orders_account_id_fkey&quot; on &quot;orders&quot; (&quot;account_id&quot;) has no index that starts with its columns.">db/migrations/001_init.sql:4:3: warning: Foreign key "orders_account_id_fkey" on "orders" ("account_id") has no index that starts with its columns.
Create an index whose leading columns are "account_id".
Rule: require-fk-index (https://github.com/schemalint/schemalint/blob/main/docs/rules/require-fk-index.md)</failure>
    </testcase>
    <testcase classname="db/migrations/001_init.sql" name="unused-disable-directive at 8:1" file="db/migrations/001_init.sql" line="8">
      <failure type="error" message="Unused schemalint-disable-next-line directive: no finding was reported where it applies.">db/migrations/001_init.sql:8:1: error: Unused schemalint-disable-next-line directive: no finding was reported where it applies.
Remove the directive.
Rule: unused-disable-directive</failure>
    </testcase>
    <testcase classname="db/migrations/001_init.sql" name="unused-disable-directive at 12:1" file="db/migrations/001_init.sql" line="12">
      <failure type="error" message="Unused schemalint-disable-next-line directive: no finding was reported where it applies.">db/migrations/001_init.sql:12:1: error: Unused schemalint-disable-next-line directive: no finding was reported where it applies.
Remove the directive.
Rule: unused-disable-directive</failure>
    </testcase>
  </testsuite>
  <testsuite name="db/002_broken.sql" tests="1" failures="1" errors="0" skipped="0">
    <testcase classname="db/002_broken.sql" name="parse-error at 3:11" file="db/002_broken.sql" line="3">
      <failure type="error" message="Syntax error at or near &quot;;&quot;.">db/002_broken.sql:3:11: error: Syntax error at or near ";".
Fix the syntax.
Rule: parse-error</failure>
    </testcase>
  </testsuite>
  <testsuite name="db/café 😀/100%_a:b,c.sql" tests="2" failures="2" errors="0" skipped="0">
    <testcase classname="db/café 😀/100%_a:b,c.sql" name="no-float-money at 1:31" file="db/café 😀/100%_a:b,c.sql" line="1">
      <failure type="error" message="Colonne « prix » de &quot;café😀&quot; stocke de l&apos;argent en &quot;real&quot; — é, 😀.">db/café 😀/100%_a:b,c.sql:1:31: error: Colonne « prix » de "café😀" stocke de l'argent en "real" — é, 😀.
Use numeric(12, 2).
Rule: no-float-money (https://github.com/schemalint/schemalint/blob/main/docs/rules/no-float-money.md)</failure>
    </testcase>
    <testcase classname="db/café 😀/100%_a:b,c.sql" name="naming-convention at 3:14" file="db/café 😀/100%_a:b,c.sql" line="3">
      <failure type="warning" message="Table &quot;Orders&quot; is not snake_case.&#13;&#10;Rename it: 100% of the other tables, e.g. &quot;order_items&quot;, are.">db/café 😀/100%_a:b,c.sql:3:14: warning: Table "Orders" is not snake_case.&#13;
Rename it: 100% of the other tables, e.g. "order_items", are.
Rule: naming-convention (https://github.com/schemalint/schemalint/blob/main/docs/rules/naming-convention.md)</failure>
    </testcase>
  </testsuite>
  <testsuite name="db/003_clean.sql" tests="1" failures="0" errors="0" skipped="0">
    <testcase classname="db/003_clean.sql" name="no findings" file="db/003_clean.sql" />
  </testsuite>
  <testsuite name="/home/ci/elsewhere/x.sql" tests="1" failures="1" errors="0" skipped="0">
    <testcase classname="/home/ci/elsewhere/x.sql" name="read-error at 1:1" file="/home/ci/elsewhere/x.sql" line="1">
      <failure type="error" message="File is binary (it contains NUL bytes), not SQL text: it was not linted.">/home/ci/elsewhere/x.sql:1:1: error: File is binary (it contains NUL bytes), not SQL text: it was not linted.
Rule: read-error</failure>
    </testcase>
  </testsuite>
</testsuites>
`;
    expect(junit(sharedResults(), context)).toBe(expected);
  });

  it("escapes markup, quotes and characters XML cannot carry", () => {
    expect(escapeText(`a < b && c > "d" 'e'\r\n`)).toBe(`a &lt; b &amp;&amp; c &gt; "d" 'e'&#13;\n`);
    expect(escapeAttribute(`<"'&>\t\r\n`)).toBe("&lt;&quot;&apos;&amp;&gt;&#9;&#13;&#10;");
    // NUL and ESC are not allowed in XML 1.0 even as references; a lone surrogate is not a character.
    expect(escapeText("a\u0000b\u001bc\uD800d😀")).toBe("a\uFFFDb\uFFFDc\uFFFDd😀");
  });

  it("writes an empty report for no files", () => {
    expect(junit([], context)).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="schemalint" tests="0" failures="0" errors="0">\n</testsuites>\n');
  });
});

describe("built-in formats", () => {
  it("are registered and load", async () => {
    for (const name of ["github", "sarif", "junit", "gitlab"] as const) expect(BUILTIN_FORMATS).toContain(name);
    const results = sharedResults();
    expect(await (await loadFormatter("github", FIXTURE_CWD))(results, context)).toBe(github(results, context));
    expect(await (await loadFormatter("sarif", FIXTURE_CWD))(results, context)).toBe(sarif(results, context));
    expect(await (await loadFormatter("junit", FIXTURE_CWD))(results, context)).toBe(junit(results, context));
    expect(await (await loadFormatter("gitlab", FIXTURE_CWD))(results, context)).toBe(gitlab(results, context));
  });

  it("keep the shared fixture's CRLF message intact in JSON-based formats", () => {
    expect(JSON.parse(gitlab(sharedResults(), context))).toContainEqual(expect.objectContaining({ description: TEXT.crlf }));
  });
});
