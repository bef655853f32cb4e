/** A configuration problem: exit code 2, with the file, the key path and what is allowed. */
export class ConfigError extends Error {
  constructor(
    readonly file: string | undefined,
    readonly keyPath: string,
    detail: string,
  ) {
    super(`${file ?? "configuration"}${keyPath === "" ? "" : ` at "${keyPath}"`}: ${detail}`);
    this.name = "ConfigError";
  }
}
