/** Programmatic API. */
export { lint, type LintFile, type LintRun, type LintSettings, type ConfiguredRule } from "./rules/engine.js";
export { initParser, parseSql, type ParsedFile, type ParsedStatement } from "./parser/parse.js";
export { Catalog } from "./schema/catalog.js";
export { rules, rulesById } from "./rules/index.js";
export { defineRule, CATEGORIES, type RuleModule, type Category, type Severity } from "./rules/rule.js";
export { loadConfig } from "./config/load.js";
export { resolveConfig, type ResolvedConfig } from "./config/resolve.js";
export { loadFormatter } from "./reporters/index.js";
export type { LintMessage, LintResult } from "./lint-result.js";
export {
  planRepository,
  planMigrations,
  detectLayout,
  requiresDown,
  historyDirectories,
  parseCargoManifest,
  parseGoMod,
  type DirectoryPlan,
  type LayoutName,
  type Migration,
  type Plan,
  type ProjectManifest,
  type RepositoryPlanOptions,
  type SourceFile,
} from "./migrations/layouts.js";
export { lintFilesOf, type LintFileOptions } from "./migrations/lint-files.js";
