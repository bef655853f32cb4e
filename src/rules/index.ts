import foreignKeyOnDelete from "./foreign-key-on-delete.js";
import foreignKeySetNullNotNull from "./foreign-key-set-null-not-null.js";
import foreignKeyTypeMismatch from "./foreign-key-type-mismatch.js";
import indexMethodForType from "./index-method-for-type.js";
import junctionTableKey from "./junction-table-key.js";
import maxIndexesPerTable from "./max-indexes-per-table.js";
import namingConvention from "./naming-convention.js";
import noCharN from "./no-char-n.js";
import noColumnTypeChange from "./no-column-type-change.js";
import noConcurrentInTransaction from "./no-concurrent-in-transaction.js";
import noDestructiveChange from "./no-destructive-change.js";
import noDuplicateIndex from "./no-duplicate-index.js";
import noFloatMoney from "./no-float-money.js";
import noLowCardinalityIndex from "./no-low-cardinality-index.js";
import noMoneyType from "./no-money-type.js";
import noRename from "./no-rename.js";
import noRepeatingGroups from "./no-repeating-groups.js";
import noReservedIdentifiers from "./no-reserved-identifiers.js";
import noStringDates from "./no-string-dates.js";
import preferBigintPk from "./prefer-bigint-pk.js";
import preferIdentity from "./prefer-identity.js";
import preferJsonb from "./prefer-jsonb.js";
import preferText from "./prefer-text.js";
import requireComment from "./require-comment.js";
import requireConcurrentIndex from "./require-concurrent-index.js";
import requireDefault from "./require-default.js";
import requireFkIndex from "./require-fk-index.js";
import requireForeignKey from "./require-foreign-key.js";
import requireLockTimeout from "./require-lock-timeout.js";
import requireNotNull from "./require-not-null.js";
import requireNotValidConstraint from "./require-not-valid-constraint.js";
import requirePrimaryKey from "./require-primary-key.js";
import requireTimestamptz from "./require-timestamptz.js";
import requireUniqueBusinessKey from "./require-unique-business-key.js";
import safeAddColumn from "./safe-add-column.js";
import safeSetNotNull from "./safe-set-not-null.js";
import downMigrationMismatch from "./down-migration-mismatch.js";
import migrationNaming from "./migration-naming.js";
import requireDownMigration from "./require-down-migration.js";
import type { RuleModule } from "./rule.js";

/** Every rule, by id. Adding a rule: its module, `test/rules/<id>.test.ts` and `docs/rules/<id>.md` (the registry test checks all three). */
export const rules: readonly RuleModule[] = [
  downMigrationMismatch,
  migrationNaming,
  requireDownMigration,
  foreignKeyOnDelete,
  foreignKeySetNullNotNull,
  foreignKeyTypeMismatch,
  indexMethodForType,
  junctionTableKey,
  maxIndexesPerTable,
  namingConvention,
  noCharN,
  noColumnTypeChange,
  noConcurrentInTransaction,
  noDestructiveChange,
  noDuplicateIndex,
  noFloatMoney,
  noLowCardinalityIndex,
  noMoneyType,
  noRename,
  noRepeatingGroups,
  noReservedIdentifiers,
  noStringDates,
  preferBigintPk,
  preferIdentity,
  preferJsonb,
  preferText,
  requireComment,
  requireConcurrentIndex,
  requireDefault,
  requireFkIndex,
  requireForeignKey,
  requireLockTimeout,
  requireNotNull,
  requireNotValidConstraint,
  requirePrimaryKey,
  requireTimestamptz,
  requireUniqueBusinessKey,
  safeAddColumn,
  safeSetNotNull,
].sort((a, b) =>
  a.meta.id.localeCompare(b.meta.id),
);

export const rulesById: ReadonlyMap<string, RuleModule> = new Map(rules.map((r) => [r.meta.id, r]));
