import { z } from "zod";

/** A regular expression source, checked to compile (with the `u` flag). */
export const regexSource = z.string().min(1).refine(
  (source) => {
    try {
      new RegExp(source, "u");
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be a valid regular expression" },
);

/** An array of regular expression sources, each checked to compile, defaulting to `defaults`. */
export function regexSourceList(defaults: readonly string[]) {
  return z.array(regexSource).default([...defaults]);
}
