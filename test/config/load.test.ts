import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/errors.js";
import { loadConfig } from "../../src/config/load.js";
import { resolveConfig } from "../../src/config/resolve.js";

let dir = "";

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), "schemalint-load-")));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(relative: string, content: string): Promise<string> {
  const file = path.join(dir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

/** A package.json marks the project root, so the search never leaves the temp dir. */
async function projectRoot(type?: "module"): Promise<void> {
  await write("package.json", JSON.stringify(type === undefined ? { name: "tmp-project" } : { name: "tmp-project", type }));
}

async function configErrorOf(action: () => Promise<unknown>): Promise<ConfigError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError, but nothing was thrown");
}

/** Loads the config found from `dir` and resolves it, as the CLI does. */
async function loadAndResolve(cwd = dir): Promise<unknown> {
  const loaded = await loadConfig(cwd);
  return resolveConfig(loaded.config, loaded.filepath);
}

const SETTINGS = { rules: { "no-float-money": "warn" }, postgresVersion: 15 } as const;
const JSON_TEXT = JSON.stringify(SETTINGS, null, 2);
const YAML_TEXT = 'rules:\n  no-float-money: warn\npostgresVersion: 15\n';
const ESM_TEXT = `export default ${JSON_TEXT};\n`;
const CJS_TEXT = `module.exports = ${JSON_TEXT};\n`;

describe("loadConfig: file kinds", () => {
  const cases: readonly { name: string; file: string; content: string; type?: "module" }[] = [
    { name: ".schemalintrc with JSON content", file: ".schemalintrc", content: JSON_TEXT },
    { name: ".schemalintrc with YAML content", file: ".schemalintrc", content: YAML_TEXT },
    { name: ".schemalintrc.json", file: ".schemalintrc.json", content: JSON_TEXT },
    { name: ".schemalintrc.yaml", file: ".schemalintrc.yaml", content: YAML_TEXT },
    { name: ".schemalintrc.yml", file: ".schemalintrc.yml", content: YAML_TEXT },
    { name: ".schemalintrc.js (ESM)", file: ".schemalintrc.js", content: ESM_TEXT, type: "module" },
    { name: ".schemalintrc.cjs", file: ".schemalintrc.cjs", content: CJS_TEXT },
    { name: ".schemalintrc.mjs", file: ".schemalintrc.mjs", content: ESM_TEXT },
    { name: "schemalint.config.js (ESM)", file: "schemalint.config.js", content: ESM_TEXT, type: "module" },
    { name: "schemalint.config.mjs", file: "schemalint.config.mjs", content: ESM_TEXT },
    { name: "schemalint.config.cjs", file: "schemalint.config.cjs", content: CJS_TEXT },
  ];

  for (const c of cases) {
    it(`finds ${c.name}`, async () => {
      await projectRoot(c.type);
      const file = await write(c.file, c.content);
      const loaded = await loadConfig(dir);
      expect(loaded.filepath).toBe(file);
      expect(loaded.config.rules).toEqual({ "no-float-money": "warn" });
      expect(loaded.config.postgresVersion).toBe(15);
    });
  }

  it('finds the "schemalint" key of package.json', async () => {
    const file = await write("package.json", JSON.stringify({ name: "tmp-project", schemalint: SETTINGS }));
    const loaded = await loadConfig(dir);
    expect(loaded.filepath).toBe(file);
    expect(loaded.config.rules).toEqual({ "no-float-money": "warn" });
    expect(loaded.config.postgresVersion).toBe(15);
  });

  it("ignores a package.json without a schemalint key", async () => {
    await projectRoot();
    const loaded = await loadConfig(dir);
    expect(loaded.filepath).toBeUndefined();
    expect(loaded.config.rules).toEqual({});
    expect(loaded.config.postgresVersion).toBe(16);
    expect(loaded.config.extends).toBeUndefined();
  });

  it("applies the schema defaults when no file is found", async () => {
    await projectRoot();
    const loaded = await loadConfig(dir);
    expect(loaded.config).toEqual({
      rules: {},
      include: [],
      exclude: [],
      postgresVersion: 16,
      migrations: { layout: "auto", dirs: [], lintDown: false },
    });
  });
});

describe("loadConfig: search", () => {
  it("searches up from a subdirectory to the project root", async () => {
    await projectRoot();
    const file = await write(".schemalintrc.json", JSON_TEXT);
    const sub = path.join(dir, "db", "migrations");
    await mkdir(sub, { recursive: true });
    const loaded = await loadConfig(sub);
    expect(loaded.filepath).toBe(file);
    expect(loaded.config.rules).toEqual({ "no-float-money": "warn" });
  });

  it("stops at the nearest package.json", async () => {
    await write(".schemalintrc.json", JSON_TEXT);
    await write("packages/app/package.json", JSON.stringify({ name: "app" }));
    const sub = path.join(dir, "packages", "app", "db");
    await mkdir(sub, { recursive: true });
    const loaded = await loadConfig(sub);
    expect(loaded.filepath).toBeUndefined();
    expect(loaded.config.rules).toEqual({});
  });

  it("prefers the nearest config file", async () => {
    await projectRoot();
    await write(".schemalintrc.json", JSON_TEXT);
    const nearer = await write("db/.schemalintrc.json", JSON.stringify({ postgresVersion: 13 }));
    const loaded = await loadConfig(path.join(dir, "db"));
    expect(loaded.filepath).toBe(nearer);
    expect(loaded.config.postgresVersion).toBe(13);
    expect(loaded.config.rules).toEqual({});
  });

  it("uses the explicit path instead of searching", async () => {
    await projectRoot();
    await write(".schemalintrc.json", JSON_TEXT);
    const other = await write("configs/other.json", JSON.stringify({ postgresVersion: 12 }));
    const loaded = await loadConfig(dir, "configs/other.json");
    expect(loaded.filepath).toBe(other);
    expect(loaded.config.postgresVersion).toBe(12);
    expect(loaded.config.rules).toEqual({});
  });

  it("accepts an absolute explicit path", async () => {
    await projectRoot();
    const other = await write("configs/other.yaml", "postgresVersion: 14\n");
    const loaded = await loadConfig(path.join(dir, "configs"), other);
    expect(loaded.filepath).toBe(other);
    expect(loaded.config.postgresVersion).toBe(14);
  });

  it("throws a ConfigError naming a missing explicit file", async () => {
    await projectRoot();
    const error = await configErrorOf(() => loadConfig(dir, "nope.json"));
    const missing = path.join(dir, "nope.json");
    expect(error.file).toBe(missing);
    expect(error.message).toBe(`${missing}: file not found`);
  });
});

describe("loadConfig: unreadable files", () => {
  it("names a syntactically broken JSON file", async () => {
    await projectRoot();
    const file = await write(".schemalintrc.json", '{"rules": {');
    const error = await configErrorOf(() => loadConfig(dir));
    expect(error.file).toBe(file);
    expect(error.message.startsWith(`${file}: cannot be read: `)).toBe(true);
  });

  it("says what is wrong in a broken JSON file", async () => {
    await projectRoot();
    const file = await write(".schemalintrc.json", "{bad");
    const error = await configErrorOf(() => loadConfig(dir, file));
    // The parser's reason (and where) must survive, not only the "JSON Error in <file>:" header.
    expect(error.message).toMatch(/Expected property name|Unexpected token|position 1/u);
  });

  it("names a broken explicit YAML file", async () => {
    await projectRoot();
    const file = await write("broken.yaml", "rules:\n  - a\n b: [\n");
    const error = await configErrorOf(() => loadConfig(dir, "broken.yaml"));
    expect(error.file).toBe(file);
    expect(error.message.startsWith(`${file}: cannot be read: `)).toBe(true);
  });

  it("names a JavaScript config that throws", async () => {
    await projectRoot();
    const file = await write(".schemalintrc.cjs", 'throw new Error("boom");\n');
    const error = await configErrorOf(() => loadConfig(path.join(dir)));
    expect(error.file).toBe(file);
    expect(error.message).toBe(`${file}: cannot be read: boom`);
  });
});

describe("config errors name the file, the key path and what is allowed", () => {
  async function errorFor(config: unknown): Promise<{ error: ConfigError; file: string }> {
    await projectRoot();
    const file = await write(".schemalintrc.json", JSON.stringify(config));
    const error = await configErrorOf(() => loadAndResolve());
    expect(error.file).toBe(file);
    return { error, file };
  }

  it("unknown top-level key, with did-you-mean", async () => {
    const { error, file } = await errorFor({ rule: { "no-float-money": "warn" } });
    expect(error.keyPath).toBe("rule");
    expect(error.message).toBe(
      `${file} at "rule": unknown key (did you mean "rules"?); allowed keys: $schema, extends, rules, include, exclude, postgresVersion, migrations`,
    );
  });

  it("unknown top-level key without a close match", async () => {
    const { error, file } = await errorFor({ frobnicate: true });
    expect(error.keyPath).toBe("frobnicate");
    expect(error.message).toBe(
      `${file} at "frobnicate": unknown key; allowed keys: $schema, extends, rules, include, exclude, postgresVersion, migrations`,
    );
  });

  it("unknown rule id, with did-you-mean", async () => {
    const { error, file } = await errorFor({ rules: { "no-float-mony": "error" } });
    expect(error.keyPath).toBe("rules.no-float-mony");
    expect(error.message).toBe(
      `${file} at "rules.no-float-mony": unknown rule (did you mean "no-float-money"?); run "schemalint rules" for the list`,
    );
  });

  it('bad severity ("warning" instead of "warn")', async () => {
    const { error, file } = await errorFor({ rules: { "no-float-money": "warning" } });
    expect(error.keyPath).toBe("rules.no-float-money");
    expect(error.message).toBe(`${file} at "rules.no-float-money": must be "off", "warn", "error" (or 0, 1, 2), or [severity, options]`);
  });

  it("bad severity inside the array form", async () => {
    const { error, file } = await errorFor({ rules: { "no-float-money": [3, {}] } });
    expect(error.keyPath).toBe("rules.no-float-money");
    expect(error.message).toBe(`${file} at "rules.no-float-money": must be "off", "warn", "error" (or 0, 1, 2), or [severity, options]`);
  });

  it("invalid regular expression in a rule option", async () => {
    const { error, file } = await errorFor({ rules: { "no-float-money": ["error", { columnPatterns: ["("] }] } });
    expect(error.keyPath).toBe("rules.no-float-money[1].columnPatterns[0]");
    expect(error.message).toBe(
      `${file} at "rules.no-float-money[1].columnPatterns[0]": must be a valid regular expression; options: columnPatterns, ignorePatterns`,
    );
  });

  it("wrong type of a rule option", async () => {
    const { error, file } = await errorFor({ rules: { "no-float-money": ["error", { columnPatterns: "price" }] } });
    expect(error.keyPath).toBe("rules.no-float-money[1].columnPatterns");
    expect(error.message).toBe(
      `${file} at "rules.no-float-money[1].columnPatterns": Invalid input: expected array, received string; options: columnPatterns, ignorePatterns`,
    );
  });

  it("unknown option key of a rule", async () => {
    const { error } = await errorFor({ rules: { "no-float-money": ["error", { columnPattern: ["^amt$"] }] } });
    expect(error.keyPath).toBe("rules.no-float-money[1]");
    expect(error.message).toContain('"columnPattern"');
    expect(error.message).toContain("columnPatterns, ignorePatterns");
  });

  it("any option key of a rule that has no options", async () => {
    const { error } = await errorFor({ rules: { "require-fk-index": ["warn", { ignoreTables: ["x"] }] } });
    expect(error.keyPath).toBe("rules.require-fk-index[1]");
    expect(error.message).toContain('"ignoreTables"');
    expect(error.message).toContain("this rule has no options");
  });

  it("postgresVersion of the wrong type", async () => {
    const { error, file } = await errorFor({ postgresVersion: "16" });
    expect(error.keyPath).toBe("postgresVersion");
    expect(error.message).toBe(`${file} at "postgresVersion": must be a whole number from 9 to 19 (the server's major version)`);
  });

  it("postgresVersion out of range", async () => {
    const { error, file } = await errorFor({ postgresVersion: 8 });
    expect(error.keyPath).toBe("postgresVersion");
    expect(error.message).toBe(`${file} at "postgresVersion": must be a whole number from 9 to 19 (the server's major version)`);
  });

  it("unknown extends preset lists the presets", async () => {
    const { error } = await errorFor({ extends: "recommended" });
    expect(error.keyPath).toBe("extends");
    expect(error.message).toContain('"schemalint:recommended"');
    expect(error.message).toContain('"schemalint:strict"');
    expect(error.message).toContain('"schemalint:all"');
    expect(error.message).not.toContain('"warn"');
  });

  it("unknown preset in an extends array lists the presets", async () => {
    const { error } = await errorFor({ extends: ["schemalint:recommended", "schemalint:nope"] });
    expect(error.keyPath.startsWith("extends")).toBe(true);
    expect(error.message).toContain('"schemalint:recommended"');
    expect(error.message).toContain('"schemalint:all"');
    expect(error.message).not.toContain('"warn"');
  });

  it("bad migrations.layout", async () => {
    const { error, file } = await errorFor({ migrations: { layout: "rails" } });
    expect(error.keyPath).toBe("migrations.layout");
    expect(error.message).toBe(
      `${file} at "migrations.layout": must be one of "auto", "golang-migrate", "sqlx", "maragudk-migrate", "popx", "drizzle", "atlas", "diesel", "dbmate", "goose", "sql-migrate", "tern", "flyway", "sqitch", "graphile-migrate", "prisma", "supabase", "plain", "dump"`,
    );
  });

  it("unknown key under migrations", async () => {
    const { error, file } = await errorFor({ migrations: { dirz: ["db"] } });
    expect(error.keyPath).toBe("migrations");
    expect(error.message).toBe(`${file} at "migrations": unknown key "dirz"`);
  });

  it("include that is not an array", async () => {
    const { error, file } = await errorFor({ include: "db/**/*.sql" });
    expect(error.keyPath).toBe("include");
    expect(error.message).toBe(`${file} at "include": Invalid input: expected array, received string`);
  });

  it("errors in package.json name package.json", async () => {
    const file = await write("package.json", JSON.stringify({ name: "tmp-project", schemalint: { rules: { "no-float-money": "warning" } } }));
    const error = await configErrorOf(() => loadAndResolve());
    expect(error.file).toBe(file);
    expect(error.message).toBe(`${file} at "rules.no-float-money": must be "off", "warn", "error" (or 0, 1, 2), or [severity, options]`);
  });

  it("errors in a YAML file name that file", async () => {
    await projectRoot();
    const file = await write(".schemalintrc.yml", "rules:\n  no-float-mony: error\n");
    const error = await configErrorOf(() => loadAndResolve());
    expect(error.file).toBe(file);
    expect(error.keyPath).toBe("rules.no-float-mony");
  });
});
