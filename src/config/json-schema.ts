import { z } from "zod";
import { configJsonSchemaSource } from "./schema.js";

/** The JSON Schema of config files (`schemalint.schema.json`), for editor completion and validation. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configJsonSchemaSource(), { io: "input", target: "draft-7" }) as Record<string, unknown>;
  return { ...schema, title: "schemalint configuration" };
}
