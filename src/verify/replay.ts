import type { SeverityLevel } from "../lint-result.js";
import { unwrap } from "../parser/ast.js";
import { parseSql } from "../parser/parse.js";
import { filesByHistory, keyed, type LintFile } from "../rules/engine.js";
import type { Finding, ParsedPart } from "../rules/engine-results.js";
import { applyPart, notRunFinding, partOrigin, type ApplyContext, type ReplayPart } from "./apply.js";
import type { ReplayDatabase } from "./database.js";
import { bookkeepingOf, type Bookkeeping } from "./bookkeeping.js";
import { rolesCreated, rolesUsedNotCreated } from "./roles.js";
import type { Origin } from "../schema/model.js";
import { describeDifference, readSnapshot, snapshotDifferences, type CatalogDifference, type CatalogObject, type CatalogSnapshot } from "./snapshot.js";

/** Which migrations get the up → down → up round trip. */
export type RoundTripSelection = { readonly kind: "all" } | { readonly kind: "none" } | { readonly kind: "last"; readonly count: number };

export interface OpenRequest {
  readonly history: string;
  /** Extensions the history creates. */
  readonly extensions: ReadonlySet<string>;
  /** Roles the history uses but never creates. */
  readonly roles: readonly string[];
  /** Roles the history creates (CREATE ROLE): a server drops them again when the replay ends. */
  readonly createsRoles: readonly string[];
}

export interface ReplaySettings {
  /** Opens a fresh, empty database for one history. */
  readonly open: (request: OpenRequest) => Promise<ReplayDatabase>;
  readonly roundTrip: RoundTripSelection;
  /** Severity of `down-migration-mismatch`; undefined: not reported (the round trip still checks that the down applies). */
  readonly mismatchSeverity: SeverityLevel | undefined;
  /** How many differences a mismatch message names. */
  readonly maxListed: number;
  readonly postgresVersion: number;
  /** Keep each history's final catalog (for `--rules` and `--debug`). */
  readonly keepSnapshot: boolean;
  readonly onProgress?: ((event: ProgressEvent) => void) | undefined;
}

export interface ProgressEvent {
  readonly history: string;
  /** 1-based. */
  readonly index: number;
  readonly total: number;
  readonly file: string;
}

export interface HistoryReplay {
  readonly history: string;
  /** What to call the history in messages: its directory, or the dump file. */
  readonly label: string;
  readonly database: string;
  readonly migrations: number;
  readonly applied: number;
  readonly roundTrips: number;
  readonly mismatches: number;
  /** The file where the replay stopped, if it did. */
  readonly stoppedAt: string | undefined;
  readonly snapshot: CatalogSnapshot | undefined;
  /** Roles created first because the history uses them. */
  readonly createdRoles: readonly string[];
  readonly milliseconds: number;
}

export interface ReplayRun {
  readonly findings: Finding[];
  readonly parts: ParsedPart[];
  readonly histories: HistoryReplay[];
}

interface Migration {
  readonly id: string;
  readonly up: ReplayPart[];
  readonly down: ReplayPart[];
}

/** Parts keyed as the lint engine keys them, so collectResults finds their findings. */
function replayParts(files: readonly LintFile[]): ReplayPart[] {
  return keyed(files).map(({ file, key }) => ({ file, key, parsed: parseSql(file.text) }));
}

function migrationsOf(parts: readonly ReplayPart[]): Migration[] {
  const out: Migration[] = [];
  for (const part of parts) {
    if (part.file.role !== "up" && part.file.role !== "down") continue;
    let last = out.at(-1);
    if (last?.id !== part.file.migration) {
      last = { id: part.file.migration, up: [], down: [] };
      out.push(last);
    }
    (part.file.role === "up" ? last.up : last.down).push(part);
  }
  return out;
}

function roundTripIds(migrations: readonly Migration[], selection: RoundTripSelection): Set<string> {
  const eligible = migrations.filter((m) => m.up.length > 0 && m.down.length > 0 && m.down.some((d) => d.parsed.statements.length > 0));
  if (selection.kind === "none") return new Set();
  const chosen = selection.kind === "all" ? eligible : eligible.slice(Math.max(0, eligible.length - selection.count));
  return new Set(chosen.map((m) => m.id));
}

function extensionsOf(parts: readonly ReplayPart[]): Set<string> {
  const out = new Set<string>();
  for (const part of parts) {
    for (const statement of part.parsed.statements) {
      const name = unwrap(statement.node, "CreateExtensionStmt")?.extname;
      if (name !== undefined) out.add(name);
    }
  }
  return out;
}

function stopped(finding: Finding, remaining: number): Finding {
  const rest = remaining === 0 ? "" : ` The replay stopped here: ${String(remaining)} later migration${remaining === 1 ? " was" : "s were"} not applied.`;
  return { ...finding, message: `${finding.message}${rest}` };
}

/** The last down statement that names the object: where the wrong restore most likely is. */
function blame(down: readonly ReplayPart[], d: CatalogDifference): Origin | undefined {
  const names = [d.object.parent, d.object.name.replace(/\(.*$/su, "")].filter((n) => n !== "").map((n) => JSON.stringify(n));
  for (const part of [...down].reverse()) {
    for (const statement of [...part.parsed.statements].reverse()) {
      const ast = JSON.stringify(statement.node);
      if (names.every((n) => ast.includes(n))) {
        return { file: part.key, migration: part.file.migration, statementIndex: statement.index, statementStart: statement.start, statementEnd: statement.end, location: statement.start };
      }
    }
  }
  return undefined;
}

class HistoryRunner {
  readonly findings: Finding[] = [];
  applied = 0;
  roundTrips = 0;
  mismatches = 0;
  stoppedAt: string | undefined;
  context: ApplyContext;

  constructor(
    db: ReplayDatabase,
    private readonly settings: ReplaySettings,
    private readonly reopen: () => Promise<ReplayDatabase>,
    private readonly bookkeeping: Bookkeeping | undefined,
  ) {
    this.context = { db, postgresVersion: settings.postgresVersion, engine: db.description };
  }

  /** The migration tool's own history table, as the tool creates it before the first migration. */
  async prepare(): Promise<void> {
    // A history that creates the table itself fails later exactly as it would under the tool.
    if (this.bookkeeping !== undefined) await this.context.db.exec(this.bookkeeping.sql).catch(() => undefined);
  }

  /** Applies parts in order; the first failure's finding, or undefined. */
  private async apply(parts: readonly ReplayPart[], pass: "up" | "down" | "again"): Promise<Finding | undefined> {
    for (const part of parts) {
      if (part.parsed.problems.length > 0) return notRunFinding(part, 2);
      const failure = await applyPart(this.context, part, pass);
      if (failure !== undefined) return failure.finding;
    }
    return undefined;
  }

  private stop(finding: Finding, remaining: number): false {
    this.findings.push(stopped(finding, remaining));
    this.stoppedAt = finding.origin.file.replace(/#(?:up|down|verify)$/u, "");
    return false;
  }

  private mismatch(m: Migration, differences: readonly CatalogDifference[]): void {
    const down = m.down[0];
    const first = differences[0];
    if (down === undefined || first === undefined || this.settings.mismatchSeverity === undefined) return;
    this.mismatches++;
    const listed = differences.slice(0, this.settings.maxListed).map(describeDifference);
    const rest = differences.length - listed.length;
    const version = down.file.version ?? m.id;
    this.findings.push({
      ruleId: "down-migration-mismatch",
      severity: this.settings.mismatchSeverity,
      messageId: "replay-mismatch",
      message: `The down migration of "${version}" does not restore the schema the up migration started from, on ${this.context.engine}: ${listed.join("; ")}${rest > 0 ? `; and ${String(rest)} more` : ""}. A rollback leaves the database in a state no migration describes.`,
      help: "Reverse every change of the up migration in the down, in reverse order: drop what the up created, recreate what it dropped exactly as it was (type, default, constraints), and undo what it altered.",
      origin: blame(m.down, first) ?? partOrigin(down),
    });
  }

  /**
   * After a round trip left the schema wrong, the up cannot run again on it: a fresh database gets
   * the ups of every migration so far, so the replay goes on from the state the up really leaves.
   */
  private async rebuild(done: readonly Migration[]): Promise<Finding | undefined> {
    await this.context.db.close();
    const db = await this.reopen();
    this.context = { ...this.context, db };
    await this.prepare();
    for (const m of done) {
      const failure = await this.apply(m.up, "up");
      if (failure !== undefined) return failure;
    }
    return undefined;
  }

  /** Runs one migration (and its round trip); false when the history's replay must stop. */
  async migration(m: Migration, roundTrip: boolean, done: readonly Migration[], remaining: number): Promise<boolean> {
    const before = roundTrip ? await readSnapshot(this.context.db) : undefined;
    const up = await this.apply(m.up, "up");
    if (up !== undefined) return this.stop(up, remaining);
    this.applied++;
    if (before === undefined) return true;
    this.roundTrips++;
    const down = await this.apply(m.down, "down");
    if (down !== undefined) return this.stop(down, remaining);
    const differences = snapshotDifferences(before, await readSnapshot(this.context.db));
    this.mismatch(m, differences);
    const again = await this.apply(m.up, "again");
    if (again === undefined) return true;
    // A mismatch explains why the up fails again; otherwise the failure is a finding of its own
    // (the down restored the schema but not, say, the rows the up's INSERT conflicts with).
    if (differences.length === 0) this.findings.push(again);
    const rebuilt = await this.rebuild([...done, m]);
    return rebuilt === undefined ? true : this.stop(rebuilt, remaining);
  }
}

/** The snapshot without the migration tool's table: it is the tool's, not the application's. */
function withoutTable(snapshot: CatalogSnapshot, table: Bookkeeping | undefined): CatalogSnapshot {
  if (table === undefined) return snapshot;
  const platform = new Set(table.platformSchemas ?? []);
  const own = (o: CatalogObject): boolean =>
    platform.has(o.schema) || (o.schema === table.schema && (o.name === table.table || o.parent === table.table || o.name.startsWith(`${table.table}_`)));
  return new Map([...snapshot].filter(([, o]) => !own(o)));
}

/**
 * Replays each history into a fresh database: every up migration in version order with the tool's
 * transaction semantics, and for the selected migrations the round trip up → down → compare the
 * catalog with the one before the up → up again. The first failure stops that history's replay.
 * `initParser()` must have completed.
 */
export async function replay(files: readonly LintFile[], settings: ReplaySettings): Promise<ReplayRun> {
  const findings: Finding[] = [];
  const parsedParts: ParsedPart[] = [];
  const histories: HistoryReplay[] = [];
  for (const [history, historyFiles] of filesByHistory(files)) {
    const started = performance.now();
    const parts = replayParts(historyFiles);
    for (const p of parts) parsedParts.push({ key: p.key, path: p.file.path, report: p.file.report, parsed: p.parsed, fileText: p.file.fileText });
    const migrations = migrationsOf(parts);
    const statements = parts.flatMap((p) => p.parsed.statements);
    const request: OpenRequest = { history, extensions: extensionsOf(parts), roles: rolesUsedNotCreated(statements), createsRoles: rolesCreated(statements) };
    const bookkeeping = bookkeepingOf(historyFiles[0]?.layout);
    const runner = new HistoryRunner(await settings.open(request), settings, () => settings.open(request), bookkeeping);
    let snapshot: CatalogSnapshot | undefined;
    try {
      await runner.prepare();
      const trips = roundTripIds(migrations, settings.roundTrip);
      for (const [i, m] of migrations.entries()) {
        const first = m.up[0] ?? m.down[0];
        if (first !== undefined) settings.onProgress?.({ history, index: i + 1, total: migrations.length, file: first.file.path });
        if (!(await runner.migration(m, trips.has(m.id), migrations.slice(0, i), migrations.length - i - 1))) break;
      }
      if (settings.keepSnapshot) snapshot = withoutTable(await readSnapshot(runner.context.db), bookkeeping);
    } finally {
      await runner.context.db.close();
    }
    findings.push(...runner.findings);
    const first = historyFiles[0];
    histories.push({
      history,
      label: first?.layout === "dump" ? first.path : history,
      database: runner.context.engine,
      migrations: migrations.length,
      applied: runner.applied,
      roundTrips: runner.roundTrips,
      mismatches: runner.mismatches,
      stoppedAt: runner.stoppedAt,
      snapshot,
      createdRoles: runner.context.db.createdRoles,
      milliseconds: performance.now() - started,
    });
  }
  return { findings, parts: parsedParts, histories };
}
