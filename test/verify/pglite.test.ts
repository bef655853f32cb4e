import { describe, expect, it } from "vitest";
import { verifyFiles } from "../helpers/verify.js";
import { replayCases } from "./replay-cases.js";

describe("verify on PGlite", () => {
  replayCases(() => ({}));

  it("reports an extension PGlite does not ship as a finding that names --database-url", async () => {
    const { messages } = await verifyFiles(["CREATE TABLE a (id int);\n", "\nCREATE EXTENSION postgis;\n"]);
    expect(messages).toMatchObject([{ ruleId: "migration-apply-error", line: 2, column: 1, endLine: 2, endColumn: 25 }]);
    expect(messages[0]?.message).toMatch(/^Extension "postgis" is not available in PostgreSQL 18\.\d+ \(PGlite [\d.]+\)/u);
    expect(messages[0]?.help).toContain("--database-url");
  });

  it("creates the roles the migrations grant to but never create", async () => {
    const { messages, histories } = await verifyFiles([
      "CREATE TABLE t (id int);\nGRANT SELECT ON t TO reporting;\nALTER TABLE t OWNER TO app_owner;\nCREATE ROLE made_here;\nGRANT SELECT ON t TO made_here;\n",
    ]);
    expect(messages).toEqual([]);
    expect(histories[0]?.createdRoles).toEqual(["app_owner", "reporting"]);
  });
});
