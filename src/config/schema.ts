import { z } from "zod";
import { rules } from "../rules/index.js";
import { PRESET_NAMES } from "../rules/presets.js";

/** ESLint's severities: a name or its number. */
export const severitySchema = z.union([z.enum(["off", "warn", "error"]), z.literal(0), z.literal(1), z.literal(2)]);

export const MIGRATION_LAYOUTS = [
  "auto",
  "golang-migrate",
  "sqlx",
  "maragudk-migrate",
  "popx",
  "drizzle",
  "atlas",
  "diesel",
  "dbmate",
  "goose",
  "sql-migrate",
  "tern",
  "flyway",
  "sqitch",
  "graphile-migrate",
  "prisma",
  "supabase",
  "plain",
  "dump",
] as const;

export const migrationsSchema = z
  .strictObject({
    layout: z.enum(MIGRATION_LAYOUTS).default("auto").describe("How files map to migrations: `auto` detects per directory."),
    dirs: z.array(z.string()).default([]).describe("Migration directories, relative to the config file."),
    assumeInTransaction: z.boolean().optional().describe("Override whether each migration runs inside a transaction."),
    requireDown: z.boolean().optional().describe("Require a down migration for every up (default depends on the layout)."),
    lintDown: z.boolean().default(false).describe("Also run the safety rules on down migrations."),
  })
  .describe("Migration tool settings.");

/** The config file without rule-specific option checks (those are validated per rule). */
export const configFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe("JSON Schema for editor completion."),
    extends: z
      .union([z.enum(PRESET_NAMES), z.array(z.enum(PRESET_NAMES))])
      .optional()
      .describe("Presets to start from. Default: schemalint:recommended. Use [] to start with no rules."),
    rules: z
      .record(z.string(), z.union([severitySchema, z.tuple([severitySchema], z.unknown())]))
      .default({})
      .describe('Rule severities, ESLint style: "off" | "warn" | "error", or [severity, options].'),
    include: z.array(z.string()).default([]).describe("Globs of SQL files to lint when no paths are given."),
    exclude: z.array(z.string()).default([]).describe("Globs of files never to lint."),
    postgresVersion: z
      .number({ error: "must be a whole number from 9 to 19 (the server's major version)" })
      .int({ error: "must be a whole number from 9 to 19 (the server's major version)" })
      .min(9, { error: "must be a whole number from 9 to 19 (the server's major version)" })
      .max(19, { error: "must be a whole number from 9 to 19 (the server's major version)" })
      .default(16)
      .describe("Major version of the production server; rules use it where behaviour changed between versions."),
    migrations: migrationsSchema.prefault({}),
  })
  .describe("schemalint configuration");

export type ConfigFile = z.output<typeof configFileSchema>;

/** The full schema with each rule's options, for the generated JSON Schema (editor autocompletion). */
export function configJsonSchemaSource(): z.ZodType {
  const ruleEntries: Record<string, z.ZodType> = {};
  for (const rule of rules) {
    ruleEntries[rule.meta.id] = z
      .union([severitySchema, z.tuple([severitySchema]), z.tuple([severitySchema, rule.meta.options.partial().strict()])])
      .describe(rule.meta.summary);
  }
  return configFileSchema.extend({
    rules: z.strictObject(ruleEntries).partial().optional().describe(configFileSchema.shape.rules.description ?? ""),
  });
}
