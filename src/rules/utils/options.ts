import { z } from "zod";

/** An array of regular expression sources, each checked to compile, defaulting to `defaults`. */
export function regexSourceList(defaults: readonly string[]) {
  return z
    .array(
      z.string().refine(
        (source) => {
          try {
            new RegExp(source, "u");
            return true;
          } catch {
            return false;
          }
        },
        { message: "must be a valid regular expression" },
      ),
    )
    .default([...defaults]);
}
