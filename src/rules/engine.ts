import { resultOf, type LintMessage, type LintResult, type SeverityLevel } from "../lint-result.js";
import type { NodeTag } from "../parser/ast.js";
import { elementEnd } from "../parser/extent.js";
import { parseSql, type ParsedFile, type ParsedStatement } from "../parser/parse.js";
import type { SourceText } from "../parser/source-text.js";
import { Catalog } from "../schema/catalog.js";
import { foldStatement, newFoldStatistics, type FoldStatistics } from "../schema/fold.js";
import { originAt } from "../schema/fold-context.js";
import type { Index, Origin, Table } from "../schema/model.js";
import { applyDirectives, parseDirectives, unusedDirectives } from "./directives.js";
import { MigrationSession } from "./migration-state.js";
import type { FileInfo, ReportDescriptor, RuleListener, RuleModule, StatementContext } from "./rule.js";

/** One input file, in migration order. */
export interface LintFile {
  /** Path as shown in results (absolute, like ESLint). */
  readonly path: string;
  readonly text: string;
  /** Migration id the file belongs to; statements of one migration share it. */
  readonly migration: string;
  /** `down` files are parsed and checked for syntax but not folded into the schema. */
  readonly role: "up" | "down";
  /** False for files loaded only for context: their findings are not reported. */
  readonly report: boolean;
  /** Whether the migration tool runs this file inside a transaction (default: no). */
  readonly transaction?: "tool" | "none";
}

export interface ConfiguredRule {
  readonly rule: RuleModule;
  readonly severity: SeverityLevel;
  /** Options already validated by the config layer (defaults applied). */
  readonly options: unknown;
}

export interface LintSettings {
  readonly rules: readonly ConfiguredRule[];
  readonly postgresVersion: number;
  /** Severity for unused disable directives, or undefined not to report them. */
  readonly reportUnusedDisableDirectives?: SeverityLevel | undefined;
  /** Every known rule id (for directive validation), enabled or not. */
  readonly knownRuleIds: ReadonlySet<string>;
}

export interface LintRun {
  readonly results: LintResult[];
  readonly catalog: Catalog;
  readonly stats: FoldStatistics & { statements: number; files: number };
}

interface Finding {
  readonly ruleId: string;
  readonly severity: SeverityLevel;
  readonly messageId: string;
  readonly message: string;
  readonly help: string;
  readonly origin: Origin;
  readonly suggestion?: { readonly description: string; readonly sql: string };
}

function fill(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/gu, (all, key: string) => {
    const value = data?.[key];
    return value === undefined ? all : String(value);
  });
}

interface ActiveRule {
  readonly configured: ConfiguredRule;
  readonly listener: RuleListener;
}

type StatementHandler = (node: unknown, context: StatementContext) => void;

function instantiate(settings: LintSettings, findings: Finding[]): ActiveRule[] {
  return settings.rules.map((configured) => {
    const { rule, severity } = configured;
    const messages = rule.meta.messages;
    const listener = rule.create({
      id: rule.meta.id,
      options: configured.options as never,
      settings: { postgresVersion: settings.postgresVersion },
      report(descriptor: ReportDescriptor<string>) {
        const template = messages[descriptor.messageId];
        if (template === undefined) throw new Error(`Rule "${rule.meta.id}" reported unknown messageId "${descriptor.messageId}".`);
        findings.push({
          ruleId: rule.meta.id,
          severity,
          messageId: descriptor.messageId,
          message: fill(template.message, descriptor.data),
          help: fill(template.help, descriptor.data),
          origin: descriptor.at,
          ...(descriptor.suggestion === undefined ? {} : { suggestion: descriptor.suggestion }),
        });
      },
    });
    return { configured, listener };
  });
}

function internalError(ruleId: string, error: unknown, origin: Origin): Finding {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    ruleId,
    severity: 2,
    messageId: "internal-error",
    message: `Rule "${ruleId}" failed on this statement: ${detail}`,
    help: "This is a bug in schemalint; please report it with the statement. Other rules still ran.",
    origin,
  };
}

/**
 * Lints files in migration order: each statement is shown to the statement hooks with the catalog as it
 * was *before* the statement, then folded; after the last file the final-schema hooks run.
 * `initParser()` must have completed. Pure: no I/O.
 */
export function lint(files: readonly LintFile[], settings: LintSettings): LintRun {
  const findings: Finding[] = [];
  const active = instantiate(settings, findings);
  const handlers = new Map<NodeTag, { ruleId: string; handler: StatementHandler }[]>();
  for (const { configured, listener } of active) {
    for (const key of Object.keys(listener)) {
      if (key === "Schema:exit" || key === "Files:exit") continue;
      const handler = (listener as Record<string, StatementHandler | undefined>)[key];
      if (handler === undefined) continue;
      const list = handlers.get(key as NodeTag) ?? [];
      list.push({ ruleId: configured.rule.meta.id, handler });
      handlers.set(key as NodeTag, list);
    }
  }

  const catalog = new Catalog();
  const stats = { ...newFoldStatistics(), statements: 0, files: files.length };
  const parsed = new Map<string, ParsedFile>();
  const statementCounts = new Map<string, number>();
  let session: { migration: string; state: MigrationSession } | undefined;
  for (const file of files) {
    if (file.role === "down") {
      parsed.set(file.path, parseSql(file.text));
      continue;
    }
    // One session per migration: its statements share the transaction block and the SET state.
    if (session?.migration !== file.migration) session = { migration: file.migration, state: new MigrationSession(file.transaction === "tool") };
    const state = session.state;
    const onStatements = (statements: readonly ParsedStatement[], source: SourceText): void => {
      statementCounts.set(file.path, (statementCounts.get(file.path) ?? 0) + statements.length);
      for (const statement of statements) {
        stats.statements++;
        const ctx = { catalog, file: file.path, migration: file.migration, source, statement };
        const list = handlers.get(statement.tag);
        if (list !== undefined) {
          const context = statementContext(catalog, file, statement, state);
          const payload = (statement.node as Record<string, unknown>)[statement.tag];
          for (const { ruleId, handler } of list) {
            try {
              handler(payload, context);
            } catch (error) {
              findings.push(internalError(ruleId, error, originAt(ctx)));
            }
          }
        }
        foldStatement(ctx, stats);
        state.apply(statement.node);
      }
    };
    parsed.set(file.path, parseSql(file.text, { onStatements }));
  }
  const fileInfos: FileInfo[] = files.map((file) => ({
    path: file.path,
    migration: file.migration,
    role: file.role,
    statements: file.role === "down" ? (parsed.get(file.path)?.statements.length ?? 0) : (statementCounts.get(file.path) ?? 0),
    origin: { file: file.path, migration: file.migration, statementIndex: -1, statementStart: 0, statementEnd: 0, location: 0 },
  }));
  for (const { configured, listener } of active) {
    for (const hook of ["Schema:exit", "Files:exit"] as const) {
      try {
        if (hook === "Schema:exit") listener[hook]?.({ catalog });
        else listener[hook]?.({ files: fileInfos, catalog });
      } catch (error) {
        const first = fileInfos[0];
        if (first !== undefined) findings.push(internalError(configured.rule.meta.id, error, first.origin));
      }
    }
  }
  return { results: collectResults(files, parsed, findings, settings), catalog, stats };
}

function statementContext(catalog: Catalog, file: LintFile, statement: ParsedStatement, session: MigrationSession): StatementContext {
  return {
    catalog,
    statement,
    transaction: session.transaction,
    lockTimeout: session.lockTimeout,
    migration: { id: file.migration, file: file.path },
    origin(location?: number): Origin {
      return {
        file: file.path,
        migration: file.migration,
        statementIndex: statement.index,
        statementStart: statement.start,
        statementEnd: statement.end,
        location: location !== undefined && location >= statement.start && location <= statement.end ? location : statement.start,
      };
    },
    isNew(object: Table | Index): boolean {
      return object.origin.migration === file.migration;
    },
  };
}

function messageOf(finding: Finding, file: ParsedFile): LintMessage {
  const { origin } = finding;
  const source = file.source;
  // A statement-level origin spans the statement; a node-level one spans its list element.
  const end = origin.location === origin.statementStart ? origin.statementEnd : elementEnd(source, origin.location, origin.statementEnd);
  const range = source.rangeAtBytes(origin.location, end);
  const message: LintMessage = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    ...range,
    messageId: finding.messageId,
    help: finding.help,
  };
  if (finding.suggestion === undefined) return message;
  const at = source.lineEndAtByte(origin.statementEnd);
  return {
    ...message,
    suggestions: [{ desc: finding.suggestion.description, fix: { range: [at, at], text: `\n${finding.suggestion.sql}` } }],
  };
}

function parseErrorMessage(message: string): string {
  const text = message.replace(/\s+/gu, " ").trim();
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/u.test(sentence) ? sentence : `${sentence}.`;
}

function collectResults(
  files: readonly LintFile[],
  parsed: ReadonlyMap<string, ParsedFile>,
  findings: readonly Finding[],
  settings: LintSettings,
): LintResult[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.origin.file) ?? [];
    list.push(f);
    byFile.set(f.origin.file, list);
  }
  const results: LintResult[] = [];
  for (const file of files) {
    const parsedFile = parsed.get(file.path);
    if (!file.report || parsedFile === undefined) continue;
    const messages: LintMessage[] = parsedFile.problems.map((p) => {
      const pos = parsedFile.source.positionAtByte(p.offset);
      return {
        ruleId: "parse-error",
        severity: 2,
        fatal: true,
        message: parseErrorMessage(p.message),
        help: "Fix the syntax: PostgreSQL rejects this statement, so the migration fails here. The statements around it were still checked.",
        line: pos.line,
        column: pos.column,
      };
    });
    for (const finding of byFile.get(file.path) ?? []) messages.push(messageOf(finding, parsedFile));
    const { directives, problems } = parseDirectives(parsedFile, settings.knownRuleIds);
    const { kept, suppressed } = applyDirectives(directives, messages);
    kept.push(...problems);
    if (settings.reportUnusedDisableDirectives !== undefined) {
      kept.push(...unusedDirectives(directives, settings.reportUnusedDisableDirectives));
    }
    results.push(resultOf(file.path, kept, suppressed));
  }
  return results;
}
