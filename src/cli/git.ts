import path from "node:path";
import { simpleGit } from "simple-git";

/** A git failure for `--changed-since` / `--staged`: no repository, unknown reference, git missing. */
import { GitError } from "./errors.js";

export { GitError };

export interface ChangeQuery {
  /** A branch, tag or commit: files changed since its merge base with HEAD, plus uncommitted and untracked files. */
  readonly since?: string | undefined;
  /** Files staged for commit (added, copied, modified or renamed). */
  readonly staged?: boolean | undefined;
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? text;
}

/**
 * Absolute paths of the files changed, as git reports them (deleted files excluded: there is nothing to
 * lint). Runs the git executable through simple-git.
 */
export async function changedFiles(cwd: string, query: ChangeQuery): Promise<Set<string>> {
  const flag = query.staged === true ? "--staged" : `--changed-since ${query.since ?? ""}`;
  const git = simpleGit({ baseDir: cwd });
  let top: string;
  try {
    top = (await git.revparse(["--show-toplevel"])).trim();
  } catch (error) {
    throw new GitError(`${flag}: ${cwd} is not in a git repository (${reason(error)}).`);
  }
  const lists: string[] = [];
  try {
    if (query.staged === true) {
      lists.push(await git.raw(["diff", "--cached", "--name-only", "-z", "--no-renames", "--diff-filter=ACMR"]));
    } else {
      const ref = query.since ?? "HEAD";
      let base: string;
      try {
        base = (await git.raw(["merge-base", ref, "HEAD"])).trim();
      } catch {
        // No common ancestor (or a shallow clone): compare with the reference itself.
        base = (await git.revparse(["--verify", "--quiet", `${ref}^{commit}`])).trim();
      }
      lists.push(await git.raw(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMR", base]));
      // ls-files lists the current directory only: run it at the top.
      lists.push(await simpleGit({ baseDir: top }).raw(["ls-files", "--others", "--exclude-standard", "-z"]));
    }
  } catch (error) {
    throw new GitError(`${flag}: git cannot tell which files changed: ${reason(error)}.`);
  }
  const out = new Set<string>();
  for (const list of lists) {
    for (const name of list.split("\0")) if (name !== "") out.add(path.resolve(top, name));
  }
  return out;
}
