import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A throwaway PostgreSQL server for tests: a fresh cluster in a temporary folder,
 * on a free port of 127.0.0.1, stopped and deleted by `stop`. It uses the server
 * binaries of Debian's `postgresql` package (or the folder in PG_BIN). PostgreSQL
 * refuses to run as root, so as root the cluster belongs to the `postgres` user.
 */
export type PgServer = { url: (database?: string) => string; stop: () => void };

const MISSING =
  "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install Debian's postgresql package " +
  "(apt-get install postgresql; .ci/run does this) or set PG_BIN to the folder that holds initdb and pg_ctl.";

/** The folder with initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinaries(): string {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : fs.existsSync("/usr/lib/postgresql")
      ? fs
          .readdirSync("/usr/lib/postgresql")
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => path.join("/usr/lib/postgresql", version, "bin"))
      : [];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl")));
  if (!found) throw new Error(MISSING);
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a server binary, as the `postgres` user when this process is root. */
function run(bin: string, args: string[], asPostgres: boolean): void {
  const [file, fullArgs] = asPostgres ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  execFileSync(file, fullArgs, { stdio: "pipe", timeout: 60_000 });
}

/**
 * Starts a new cluster; the superuser `flowguard` needs no password (local, trust).
 * `durable` keeps PostgreSQL's default of waiting for the disk at each commit (for
 * benchmarks); tests run without it.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PgServer> {
  const bin = postgresBinaries();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-pg-"));
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  const port = await freePort();
  try {
    run(path.join(bin, "initdb"), ["-D", data, "-U", "flowguard", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], asRoot);
    // Durability is not what these tests prove: no fsync makes the cluster start and write fast.
    const fast = options.durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${fast}`;
    run(path.join(bin, "pg_ctl"), ["-D", data, "-l", path.join(dir, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start"], asRoot);
  } catch (error) {
    const log = path.join(dir, "server.log");
    const detail = fs.existsSync(log) ? fs.readFileSync(log, "utf8").slice(-2000) : String(error);
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${detail}`);
  }
  return {
    url: (database = "postgres") => `postgres://flowguard@127.0.0.1:${port}/${database}`,
    stop: () => {
      try {
        run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asRoot);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
