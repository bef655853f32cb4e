import type { StatementContext } from "../rule.js";

/**
 * State that belongs to the current migration (its temporary tables, the rows it copied): a fresh value
 * whenever a statement of another migration comes. It does not outlive the migration, so it is not part
 * of the rule state a checkpoint keeps (`RuleContext.state`).
 */
export class PerMigration<T> {
  private migration = "";
  private value: T;

  constructor(private readonly initial: () => T) {
    this.value = initial();
  }

  of(ctx: StatementContext): T {
    if (this.migration !== ctx.migration.id) {
      this.migration = ctx.migration.id;
      this.value = this.initial();
    }
    return this.value;
  }
}
