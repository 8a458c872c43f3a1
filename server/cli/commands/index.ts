import type { CliCommand } from "../io";
import { autofixCommand } from "./autofix";
import { validateCommand } from "./validate";

/** Every subcommand; adding one (export, simulate) is one file plus one line here. */
export const COMMANDS: readonly CliCommand[] = [validateCommand, autofixCommand];
