/**
 * Errors the CLI reports as one line naming the problem (exit code 2), without a stack trace. Kept in a
 * module of their own so that main.ts can recognise them without loading the modules that throw them
 * (simple-git, the baseline code), which it imports only when a run needs them.
 */
export class GitError extends Error {}
