import { COMMANDS } from "./commands";
import { EXIT, type CliIO } from "./io";

const io: CliIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    "Usage: flowguard <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "Run `flowguard <command> --help` for the options of a command.",
  ].join("\n");
}

/** Dispatches to a subcommand and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(help());
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${help()}`);
    return EXIT.unreadable;
  }
  return command.run(rest, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    io.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = EXIT.unreadable;
  },
);
