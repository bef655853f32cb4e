import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A throw-away PostgreSQL server for tests: `initdb` into a temporary directory and `pg_ctl start` on
 * a free loopback port, as the `postgres` (or `nobody`) user when the tests run as root, since the
 * server refuses to run as root. `.ci/run` installs Debian's `postgresql` package when it is missing.
 */
export interface TestServer {
  readonly url: string;
  /** "PostgreSQL 15.18" */
  readonly version: string;
  stop(): void;
}

/** The directory holding initdb and pg_ctl, or undefined with the reason. */
export function serverBinaries(): { dir: string } | { reason: string } {
  const fromEnv = process.env.SCHEMALINT_PG_BIN;
  const candidates = [
    ...(fromEnv === undefined ? [] : [fromEnv]),
    ...(existsSync("/usr/lib/postgresql")
      ? readdirSync("/usr/lib/postgresql")
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []),
    "/usr/local/pgsql/bin",
  ];
  const dir = candidates.find((d) => existsSync(path.join(d, "initdb")) && existsSync(path.join(d, "pg_ctl")));
  return dir === undefined ? { reason: "no PostgreSQL server binaries (initdb, pg_ctl) found: install Debian's postgresql package or set SCHEMALINT_PG_BIN" } : { dir };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === "object" && address !== null) resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

function runAs(user: string | undefined, command: string, args: readonly string[]): void {
  const [file, argv] = user === undefined ? [command, args] : ["runuser", ["-u", user, "--", command, ...args]];
  const r = spawnSync(file, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${command} failed (${String(r.status)}): ${r.stderr}${r.stdout}`);
}

export async function startServer(binDir: string): Promise<TestServer> {
  const root = process.getuid?.() === 0;
  const user = root ? (spawnSync("id", ["-u", "postgres"]).status === 0 ? "postgres" : "nobody") : undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), "schemalint-pg-"));
  const data = path.join(dir, "data");
  if (user !== undefined) {
    const uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", user], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  runAs(user, path.join(binDir, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  runAs(user, path.join(binDir, "pg_ctl"), ["-D", data, "-l", path.join(dir, "log"), "-w", "-o", `-p ${String(port)} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  const version = execFileSync(path.join(binDir, "pg_ctl"), ["--version"], { encoding: "utf8" }).trim().replace(/^pg_ctl \(PostgreSQL\) /u, "PostgreSQL ");
  return {
    url: `postgres://postgres@127.0.0.1:${String(port)}/postgres`,
    version,
    stop() {
      try {
        runAs(user, path.join(binDir, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
