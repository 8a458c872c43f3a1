/*
 * The bot uses the runtime through the package's entry, as a bot outside this
 * repository does with `import … from "@flowguard/runtime"`: one source for the app,
 * the CLI, the package and this bot.
 */
export * from "../packages/runtime/src";
