import type { LintResult, SeverityLevel } from "../lint-result.js";
import { flywayTransaction } from "../migrations/flyway-statements.js";
import { cutsInside, type StatementExtent } from "../migrations/tool-cuts.js";
import type { FileLayoutProblem, LayoutName } from "../migrations/types.js";
import type { Node, NodeTag } from "../parser/ast.js";
import type { ChunkParser } from "../parser/chunk-parser.js";
import { withDoBlocks } from "../parser/do-block.js";
import { parseSql, type ParsedFile, type ParsedStatement } from "../parser/parse.js";
import { SourceText } from "../parser/source-text.js";
import { Catalog } from "../schema/catalog.js";
import { foldStatement, newFoldStatistics, type FoldContext, type FoldStatistics } from "../schema/fold.js";
import { originAt } from "../schema/fold-context.js";
import type { Origin } from "../schema/model.js";
import { encodeCheckpoint, fittingCheckpoint, restoredPart, savedPart, type HistoryCheckpoint } from "./engine-checkpoint.js";
import { collectResults, type Finding, type ParsedPart } from "./engine-results.js";
import { MigrationSession } from "./migration-state.js";
import { isSchemaStatement, statementContext } from "./statement-context.js";
import type { FileInfo, MigrationSummary, PartRole, ReportDescriptor, RuleListener, RuleModule, StatementContext } from "./rule.js";

/** What `--debug` lists for the parts of DO blocks the model does not read (see do-block.ts). */
const UNREAD_DO = "DoStmt (EXECUTE, loop or ELSE branch)";
/** And for DO blocks whose body is not read at all (a syntax error, or doubled quotes that would shift positions). */
const UNPARSED_DO = "DoStmt (body not read: syntax error or doubled quotes)";

/**
 * How the migration tool runs a file: inside its own transaction ("tool"), outside any ("none"), as
 * one multi-statement query, which PostgreSQL runs as one implicit transaction block when it holds
 * more than one statement ("multi-statement": golang-migrate, Prisma, Supabase), or by the kind of its
 * statements ("flyway": outside a transaction when none of them can run in one).
 */

export type LintTransaction = "tool" | "none" | "multi-statement" | "flyway";

/** One input file, or one section of a file (dbmate, goose), in migration run order. */
export interface LintFile {
  /** Path as shown in results (absolute, like ESLint). */
  readonly path: string;
  /** The SQL of this part: the file's text, or the file with everything outside the section blanked. */
  readonly text: string;
  /** The whole file, when `text` is a section of it (inline directives are read from the whole file). */
  readonly fileText?: string;
  /** Migration id; the parts of one migration are consecutive and share it. */
  readonly migration: string;
  /**
   * `up` parts are folded into the schema; `down` parts are folded onto a copy (for the round-trip
   * check and `lintDown`); `verify` and `other` (files the tool ignores) are only checked for syntax.
   */
  readonly role: PartRole;
  /** False for files loaded only for context: their findings are not reported. */
  readonly report: boolean;
  /** Default "none". */
  readonly transaction?: LintTransaction;
  readonly layout?: LayoutName;
  readonly version?: string;
  /** Whether the migration is expected to have a down part. */
  readonly requireDown?: boolean;
  /** 1-based line of the section marker, for findings about the section as a whole. */
  readonly markerLine?: number;
  readonly layoutProblems?: readonly FileLayoutProblem[];
  /** goose: offsets in `text` where the tool ends a statement by its own rule (`MigrationPart.toolCuts`). */
  readonly toolCuts?: readonly number[];
  /** Whether the file changed since the reference commit (only set under `--changed-since` / `--staged`). */
  readonly changed?: boolean;
  /**
   * The history the file belongs to: each history (a migration directory, a schema dump) is folded
   * into a schema of its own, so two services' migrations in one run do not see each other's tables.
   * Files without one share the default history.
   */
  readonly history?: string;
}

/** The files of each history (`LintFile.history`, "" for files without one), in the order first seen. */
export function filesByHistory(files: readonly LintFile[]): Map<string, LintFile[]> {
  const out = new Map<string, LintFile[]>();
  for (const f of files) {
    const key = f.history ?? "";
    const list = out.get(key);
    if (list === undefined) out.set(key, [f]);
    else list.push(f);
  }
  return out;
}

/**
 * Whether the migration tool runs a part inside its own transaction, given the part's statements:
 * always ("tool"), never ("none"), for more than one statement ("multi-statement"), or by Flyway's rule.
 * The lint's transaction state and `schemalint verify`'s replay both decide here.
 */
export function runsInToolTransaction(transaction: LintTransaction | undefined, nodes: readonly Node[], postgresVersion: number): boolean {
  switch (transaction) {
    case "tool":
      return true;
    case "multi-statement":
      return nodes.length > 1;
    case "flyway":
      return flywayTransaction(nodes, postgresVersion) === "tool";
    default:
      return false;
  }
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
  /** `migrations.lintDown`: run the statement rules on down migrations too (against the schema after the up). */
  readonly lintDown?: boolean | undefined;
  /** Parses the chunks of large inputs on other threads (`--concurrency`); results are the same without. */
  readonly chunkParser?: ChunkParser | undefined;
}

export interface LintRun {
  readonly results: LintResult[];
  /** The schema of the last history (the only one, usually). */
  readonly catalog: Catalog;
  /** The schema of each history, by `LintFile.history`. */
  readonly catalogs: ReadonlyMap<string, Catalog>;
  readonly stats: FoldStatistics & { statements: number; files: number };
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
  /** What the rule's `context.state` returned (undefined when it keeps no state beyond a migration). */
  readonly slot: { state: object | undefined };
}

type StatementHandler = (node: unknown, context: StatementContext) => void;

const NON_STATEMENT_HOOKS: ReadonlySet<string> = new Set(["Schema:exit", "Files:exit", "Migration:exit"]);

/** Creates the rules; `saved` holds the `context.state` of a checkpoint, by rule id. */
export function instantiate(settings: LintSettings, findings: Finding[], saved?: ReadonlyMap<string, object>): ActiveRule[] {
  return settings.rules.map((configured) => {
    const { rule, severity } = configured;
    const messages = rule.meta.messages;
    const slot: ActiveRule["slot"] = { state: undefined };
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
      state<State extends object>(initial: () => State): State {
        slot.state ??= saved?.get(rule.meta.id) ?? initial();
        return slot.state as State;
      },
    });
    return { configured, listener, slot };
  });
}

export function internalError(ruleId: string, error: unknown, origin: Origin): Finding {
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

/** A part with the key its origins carry: the path, or `path#role` when a file has several parts. */
export interface KeyedFile {
  readonly file: LintFile;
  readonly key: string;
}

export function keyed(files: readonly LintFile[]): KeyedFile[] {
  const count = new Map<string, number>();
  for (const f of files) count.set(f.path, (count.get(f.path) ?? 0) + 1);
  return files.map((file) => ({ file, key: file.role === "up" || count.get(file.path) === 1 ? file.path : `${file.path}#${file.role}` }));
}

/** Consecutive parts of one migration. */
function migrationsOf(files: readonly KeyedFile[]): KeyedFile[][] {
  const groups: KeyedFile[][] = [];
  for (const f of files) {
    const last = groups.at(-1);
    if (last?.[0]?.file.migration === f.file.migration) last.push(f);
    else groups.push([f]);
  }
  return groups;
}

/** An up statement kept for replaying onto the copy taken before the migration. */
interface Replayed {
  readonly ctx: FoldContext;
}

/** One migration history: its own schema, files and migrations. */
interface History {
  /** The schema so far (replaced by the replayed copy after a round trip). */
  catalog: Catalog;
  readonly infos: FileInfo[];
  readonly summaries: MigrationSummary[];
}

class Linter {
  readonly findings: Finding[] = [];
  /** By `LintFile.history`, in the order first seen. */
  readonly histories = new Map<string, History>();
  readonly stats: LintRun["stats"];
  readonly parts: ParsedPart[] = [];
  private readonly active: ActiveRule[];
  /** The history of the migration being run. */
  private current: History | undefined;
  private readonly handlers = new Map<NodeTag, { ruleId: string; handler: StatementHandler }[]>();

  constructor(private readonly settings: LintSettings, fileCount: number, saved?: ReadonlyMap<string, object>) {
    this.stats = { ...newFoldStatistics(), statements: 0, files: fileCount };
    this.active = instantiate(settings, this.findings, saved);
    for (const { configured, listener } of this.active) {
      for (const key of Object.keys(listener)) {
        if (NON_STATEMENT_HOOKS.has(key)) continue;
        const handler = (listener as Record<string, StatementHandler | undefined>)[key];
        if (handler === undefined) continue;
        const list = this.handlers.get(key as NodeTag) ?? [];
        list.push({ ruleId: configured.rule.meta.id, handler });
        this.handlers.set(key as NodeTag, list);
      }
    }
  }

  private get wantsRoundTrip(): boolean {
    return this.settings.lintDown === true || this.active.some((a) => a.listener["Migration:exit"] !== undefined);
  }

  private historyOf(f: KeyedFile | undefined): History {
    const key = f?.file.history ?? "";
    let history = this.histories.get(key);
    if (history === undefined) {
      history = { catalog: new Catalog(), infos: [], summaries: [] };
      this.histories.set(key, history);
    }
    return history;
  }

  migration(group: readonly KeyedFile[]): void {
    const history = this.historyOf(group[0]);
    this.current = history;
    const ups = group.filter((f) => f.file.role === "up");
    const downs = group.filter((f) => f.file.role === "down");
    const roundTrip = downs.length > 0 && ups.length > 0 && this.wantsRoundTrip;
    const before = roundTrip ? history.catalog.clone() : undefined;
    const session = new MigrationSession(false);
    const replay: Replayed[] | undefined = roundTrip ? [] : undefined;
    const upInfos = ups.map((f) => this.run(f, history.catalog, session, true, replay));
    let afterDown: Catalog | undefined;
    const downInfos: FileInfo[] = [];
    if (roundTrip) {
      // The down runs on the schema the up left, in place; the up is then replayed onto the copy taken
      // before it, which carries the history on. One copy per migration instead of two.
      afterDown = history.catalog;
      const downSession = new MigrationSession(false);
      for (const f of downs) downInfos.push(this.run(f, afterDown, downSession, this.settings.lintDown === true));
    } else {
      for (const f of downs) downInfos.push(this.parseOnly(f));
    }
    for (const f of group) if (f.file.role !== "up" && f.file.role !== "down") this.parseOnly(f);
    const first = group[0]?.file;
    if (first === undefined || first.role === "other") return;
    const summary: MigrationSummary = {
      id: first.migration,
      layout: first.layout,
      version: first.version,
      requireDown: first.requireDown === true,
      up: upInfos,
      down: downInfos,
    };
    history.summaries.push(summary);
    if (before === undefined || afterDown === undefined || replay === undefined) return;
    for (const { configured, listener } of this.active) {
      const hook = listener["Migration:exit"];
      if (hook === undefined) continue;
      try {
        hook({ migration: summary, before, afterDown });
      } catch (error) {
        const at = downInfos[0] ?? upInfos[0];
        if (at !== undefined) this.findings.push(internalError(configured.rule.meta.id, error, at.origin));
      }
    }
    // The hooks are done with `before`: it becomes the schema after the up.
    const scratch = newFoldStatistics();
    for (const { ctx } of replay) foldStatement({ ...ctx, catalog: before }, scratch);
    history.catalog = before;
  }

  private parseOnly(f: KeyedFile): FileInfo {
    const parsed = f.file.role === "other" && !f.file.path.endsWith(".sql") ? notSql(f.file.text) : parseSql(f.file.text);
    return this.record(f, parsed, parsed.statements.length, undefined, parsed.statements);
  }

  /** Parses a part; each statement goes to the statement hooks (when `hooks`), then into `catalog`. */
  private run(f: KeyedFile, catalog: Catalog, session: MigrationSession, hooks: boolean, replay?: Replayed[]): FileInfo {
    const { file, key } = f;
    let count = 0;
    let changesSchema = false;
    // Every top-level statement of the part, for StatementContext.following: known at once when the
    // part is parsed before it runs, else parsed on the first call (it is streamed in chunks).
    let whole: readonly ParsedStatement[] | undefined;
    const part = (): readonly ParsedStatement[] => (whole ??= parseSql(file.text, { chunkParser: this.settings.chunkParser }).statements);
    // Only the extents, and only when the tool cuts statements by a rule of its own.
    const extents: StatementExtent[] = [];
    const onStatements = (statements: readonly ParsedStatement[], source: SourceText): void => {
      count += statements.length;
      if (file.toolCuts !== undefined) for (const { index, start, end } of statements) extents.push({ index, start, end });
      changesSchema ||= statements.some(isSchemaStatement);
      const unread = (n: number, unparsed = false): void => {
        const what = unparsed ? UNPARSED_DO : UNREAD_DO;
        this.stats.skipped.set(what, (this.stats.skipped.get(what) ?? 0) + n);
      };
      for (const statement of withDoBlocks(statements, source, unread)) {
        this.stats.statements++;
        const ctx = { catalog, file: key, migration: file.migration, source, statement };
        const list = hooks ? this.handlers.get(statement.tag) : undefined;
        if (list !== undefined) {
          const context = statementContext(catalog, f, statement, session, source, part);
          const payload = (statement.node as Record<string, unknown>)[statement.tag];
          for (const { ruleId, handler } of list) {
            try {
              handler(payload, context);
            } catch (error) {
              this.findings.push(internalError(ruleId, error, originAt(ctx)));
            }
          }
        }
        foldStatement(ctx, this.stats);
        replay?.push({ ctx });
        session.apply(statement.node, catalog);
      }
    };
    let parsed: ParsedFile;
    if (file.transaction === "multi-statement" || file.transaction === "flyway") {
      // Whether the tool's transaction applies depends on the statements: parse first.
      parsed = parseSql(file.text, { chunkParser: this.settings.chunkParser });
      whole = parsed.statements;
      const nodes = parsed.statements.map((s) => s.node);
      session.begin(runsInToolTransaction(file.transaction, nodes, this.settings.postgresVersion));
      onStatements(parsed.statements, parsed.source);
    } else {
      session.begin(runsInToolTransaction(file.transaction, [], this.settings.postgresVersion));
      parsed = parseSql(file.text, { onStatements, chunkParser: this.settings.chunkParser });
    }
    return this.record(f, parsed, count, changesSchema, extents);
  }

  /** `extents`: the part's top-level statements, when it has `toolCuts`. */
  private record(f: KeyedFile, parsed: ParsedFile, statements: number, changesSchema = parsed.statements.some(isSchemaStatement), extents: readonly StatementExtent[] = []): FileInfo {
    const { file, key } = f;
    // The trees are folded by now: a part keeps what the results need (source, problems, comments), so
    // the trees of a long history are garbage at once instead of surviving to the end of the lint.
    this.parts.push({ key, path: file.path, report: file.report, parsed: { ...parsed, statements: [] }, fileText: file.fileText });
    // The whole line: a marker line, or the first line of a file with text.
    const at = (line: number, { start, end } = parsed.source.lineByteRange(line)): Origin => ({ file: key, migration: file.migration, statementIndex: -1, statementStart: start, statementEnd: end, location: start });
    let fileOrigin: Origin | undefined;
    const info: FileInfo = {
      path: file.path,
      migration: file.migration,
      role: file.role,
      layout: file.layout,
      version: file.version,
      statements,
      parseErrors: parsed.problems.length,
      changesSchema,
      // Lazy: the first line with text needs the file's line table, which most files never build.
      get origin(): Origin {
        return (fileOrigin ??= at(file.markerLine ?? parsed.source.firstTextLine()));
      },
      changed: file.changed,
      layoutProblems: (file.layoutProblems ?? []).map(({ line, ...p }) => ({ ...p, origin: at(line) })),
      splitStatements: cutsInside(file.toolCuts ?? [], extents, parsed.source, { file: key, migration: file.migration }),
    };
    this.current?.infos.push(info);
    return info;
  }

  /**
   * Takes up a checkpoint of `prefix`, the history's first files: their schema, file facts, findings and
   * parts, as if they had just been linted. False (and nothing changed) when the checkpoint is of other
   * files; the caller vouches that files with the same keys have the same content.
   */
  resume(checkpoint: HistoryCheckpoint, prefix: readonly KeyedFile[]): boolean {
    const byKey = new Map(prefix.map((f) => [f.key, f]));
    if (checkpoint.keys.length !== prefix.length || checkpoint.keys.some((key, i) => prefix[i]?.key !== key)) return false;
    if (checkpoint.parts.some((p) => !byKey.has(p.key))) return false;
    const history = this.historyOf(prefix[0]);
    history.catalog = Catalog.fromData(checkpoint.catalog);
    history.infos.push(...checkpoint.infos);
    history.summaries.push(...checkpoint.summaries);
    this.findings.push(...checkpoint.findings);
    for (const part of checkpoint.parts) {
      const file = byKey.get(part.key)?.file;
      if (file !== undefined) this.parts.push(restoredPart(part, file.text, file.fileText));
    }
    this.stats.applied += checkpoint.stats.applied;
    this.stats.statements += checkpoint.stats.statements;
    for (const [tag, n] of checkpoint.stats.skipped) this.stats.skipped.set(tag, (this.stats.skipped.get(tag) ?? 0) + n);
    return true;
  }

  /** A checkpoint of the only history after its last migration; call before {@link Linter.finish}. */
  checkpoint(files: readonly KeyedFile[]): Uint8Array | undefined {
    const [history, ...others] = this.histories.values();
    if (history === undefined || others.length > 0) return undefined;
    const states: [string, object][] = [];
    for (const { configured, slot } of this.active) if (slot.state !== undefined) states.push([configured.rule.meta.id, slot.state]);
    const { applied, skipped, statements } = this.stats;
    return encodeCheckpoint({
      keys: files.map((f) => f.key),
      catalog: history.catalog.data(),
      infos: history.infos,
      summaries: history.summaries,
      findings: this.findings,
      parts: this.parts.map(savedPart),
      stats: { applied, skipped, statements },
      states,
    });
  }

  finish(): void {
    for (const history of this.histories.values()) {
      const { catalog, infos, summaries } = history;
      for (const { configured, listener } of this.active) {
        for (const hook of ["Schema:exit", "Files:exit"] as const) {
          try {
            if (hook === "Schema:exit") listener[hook]?.({ catalog, files: infos });
            else listener[hook]?.({ files: infos, migrations: summaries, catalog });
          } catch (error) {
            const first = infos[0];
            if (first !== undefined) this.findings.push(internalError(configured.rule.meta.id, error, first.origin));
          }
        }
      }
    }
  }
}

/** A metadata file the planner reported on (sqitch.plan): positions only, no SQL. */
function notSql(text: string): ParsedFile {
  return { ...parseSql(""), source: new SourceText(text) };
}

export interface LintOptions {
  /**
   * A checkpoint (from an earlier run's `checkpoint`) of the first files of `files`, which must all be of
   * one history and unchanged since: those files are not parsed, folded or checked again. A checkpoint
   * that does not fit (other files, not ending at a migration boundary, damaged) is ignored.
   */
  readonly resume?: Uint8Array | undefined;
  /** Return a checkpoint of the run (`files` must be of one history), taken before the final-schema hooks. */
  readonly checkpoint?: boolean | undefined;
}

export interface ResumableLintRun extends LintRun {
  /** How many of the files came from `options.resume` (0 when it was not given or did not fit). */
  readonly resumedFiles: number;
  readonly checkpoint?: Uint8Array;
}

/**
 * Lints files in migration order: each statement is shown to the statement hooks with the catalog as it
 * was *before* the statement, then folded; a migration with a down part is run down on a copy; after
 * the last file the final-schema hooks run. `initParser()` must have completed. Pure: no I/O.
 */
export function lint(files: readonly LintFile[], settings: LintSettings, options: LintOptions = {}): ResumableLintRun {
  const all = keyed(files);
  const checkpoint = fittingCheckpoint(options.resume, all.map((f) => f.file.migration));
  // A file split into sections (goose's Up and Down) is one file to the user.
  let linter = new Linter(settings, new Set(files.map((f) => f.path)).size, checkpoint === undefined ? undefined : new Map(checkpoint.states));
  let resumedFiles = 0;
  if (checkpoint !== undefined) {
    if (linter.resume(checkpoint, all.slice(0, checkpoint.keys.length))) resumedFiles = checkpoint.keys.length;
    else linter = new Linter(settings, linter.stats.files);
  }
  for (const group of migrationsOf(all.slice(resumedFiles))) linter.migration(group);
  const saved = options.checkpoint === true ? linter.checkpoint(all) : undefined;
  linter.finish();
  // FileInfo order is run order within a migration: up parts, down parts, others.
  const catalogs = new Map([...linter.histories].map(([key, history]) => [key, history.catalog]));
  return {
    results: collectResults(linter.parts, linter.findings, settings),
    catalog: [...catalogs.values()].at(-1) ?? new Catalog(),
    catalogs,
    stats: linter.stats,
    resumedFiles,
    ...(saved === undefined ? {} : { checkpoint: saved }),
  };
}
