import type { Column } from "../../schema/model.js";

/**
 * A filter that passes each written column definition once. `CREATE TABLE ... (LIKE other)` copies a
 * column together with its origin, so without it a final-schema rule would report the source's
 * definition again for every copy (inherited columns are left out earlier by `ownColumns`).
 */
export function columnDefinitionOnce(): (column: Column) => boolean {
  const seen = new Map<string, Map<number, string>>();
  return (column) => {
    let byLocation = seen.get(column.origin.file);
    if (byLocation === undefined) {
      byLocation = new Map();
      seen.set(column.origin.file, byLocation);
    }
    if (byLocation.get(column.origin.location) === column.name) return false;
    byLocation.set(column.origin.location, column.name);
    return true;
  };
}
