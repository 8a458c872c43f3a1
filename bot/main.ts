import { startBot } from "./bot";
import { ConfigError, loadConfig, parseArgs } from "./config";

/*
 * `npm run bot -- --channel telegram|whatsapp`: configuration from the environment
 * (see the README, "Run a bot"). SIGINT and SIGTERM stop gracefully; a second signal
 * stops at once (nothing is lost: state and outboxes are in the database).
 */

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, parseArgs(process.argv.slice(2)));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const bot = await startBot(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Stopping after ${signal} failed:`, error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
