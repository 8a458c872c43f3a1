import type { CliCommand } from "../io";
import { autofixCommand } from "./autofix";
import { exportCommand } from "./export";
import { ledgerCommand } from "./ledger";
import { simulateCommand } from "./simulate";
import { validateCommand } from "./validate";

/** Every subcommand; adding one is one file plus one line here. */
export const COMMANDS: readonly CliCommand[] = [validateCommand, autofixCommand, exportCommand, simulateCommand, ledgerCommand];
