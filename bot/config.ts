import path from "node:path";
import { z } from "zod";

/*
 * Everything the bot needs comes from environment variables (and `--channel` on the
 * command line), checked once at start: a missing or malformed value stops the bot
 * with one line per problem instead of failing at the first message.
 */

export const BOT_CHANNELS = ["telegram", "whatsapp"] as const;
export type BotChannel = (typeof BOT_CHANNELS)[number];

const url = (what: string) =>
  z
    .string({ error: `required: ${what}` })
    .trim()
    .refine((value) => /^https?:\/\/[^\s/]+/.test(value), { error: `must be an http(s) URL (${what})` })
    .transform((value) => value.replace(/\/+$/, ""));
const required = (what: string) =>
  z
    .string({ error: `required: ${what}` })
    .trim()
    .min(1, { error: `required: ${what}` });
const seconds = (fallback: number, max: number) =>
  z.coerce
    .number({ error: "must be a number of seconds" })
    .positive({ error: "must be more than 0" })
    .max(max, { error: `must be at most ${max}` })
    .default(fallback);
const wholeNumber = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: "must be a whole number" })
    .int({ error: "must be a whole number" })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` })
    .default(fallback);

const ZCommon = z.object({
  FLOWGUARD_URL: url("the Flowguard app's address, e.g. https://flowguard.example.com"),
  FLOWGUARD_TOKEN: required("an API token with the scopes exports:read, consent:write and events:write (Settings → API tokens)"),
  FLOWGUARD_FLOW_ID: required("the id of the published flow to run"),
  FLOWGUARD_POLL_SECONDS: seconds(60, 86_400),
  BOT_DB: z.string().trim().min(1).default("./data/bot.db"),
  HANDOFF_INBOX_URL: url("where handoffs are posted for a person to answer").optional(),
  LISTS_WEBHOOK_URL: url("where subscribe and unsubscribe effects are posted").optional(),
  BOT_RETRY_MAX: wholeNumber(8, 1, 100),
  BOT_RETRY_BASE_MS: wholeNumber(1_000, 1, 3_600_000),
  BOT_HTTP_TIMEOUT_SECONDS: seconds(15, 300),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

const ZTelegram = z.object({
  TELEGRAM_BOT_TOKEN: required("the bot token from @BotFather"),
  TELEGRAM_API_URL: url("the Bot API address").default("https://api.telegram.org"),
  TELEGRAM_POLL_TIMEOUT_SECONDS: wholeNumber(25, 0, 50),
});

const ZWhatsApp = z.object({
  WHATSAPP_ACCESS_TOKEN: required("a Cloud API access token (system user token)"),
  WHATSAPP_PHONE_NUMBER_ID: required("the phone number id of the business number"),
  WHATSAPP_APP_SECRET: required("the app secret, to check X-Hub-Signature-256 on every webhook"),
  WHATSAPP_VERIFY_TOKEN: required("the verify token you enter in the app's webhook settings"),
  WHATSAPP_GRAPH_URL: url("the Graph API address with its version").default("https://graph.facebook.com/v23.0"),
  PORT: wholeNumber(8080, 0, 65_535),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
});

export type CommonConfig = z.infer<typeof ZCommon>;
export type TelegramConfig = z.infer<typeof ZTelegram>;
export type WhatsAppConfig = z.infer<typeof ZWhatsApp>;
export type BotConfig =
  (CommonConfig & { channel: "telegram"; telegram: TelegramConfig }) | (CommonConfig & { channel: "whatsapp"; whatsapp: WhatsAppConfig });

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The bot cannot start:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`);
}

/** `--channel telegram`, `--channel=whatsapp`; other arguments are refused by name. */
export function parseArgs(argv: readonly string[]): { channel?: string } {
  const result: { channel?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--channel") result.channel = argv[++i];
    else if (arg.startsWith("--channel=")) result.channel = arg.slice("--channel=".length);
    else throw new ConfigError([`unknown argument "${arg}" (usage: --channel telegram|whatsapp)`]);
  }
  return result;
}

/**
 * Reads the configuration; `channel` (from `--channel`) wins over BOT_CHANNEL.
 * @throws ConfigError listing every problem at once.
 */
export function loadConfig(env: Record<string, string | undefined>, args: { channel?: string } = {}): BotConfig {
  const problems: string[] = [];
  const channel = args.channel ?? env.BOT_CHANNEL;
  if (!channel) problems.push(`--channel (or BOT_CHANNEL): required, one of ${BOT_CHANNELS.join(", ")}`);
  else if (!(BOT_CHANNELS as readonly string[]).includes(channel))
    problems.push(`--channel: "${channel}" is not supported, use one of ${BOT_CHANNELS.join(", ")}`);
  // Empty variables count as unset, so `FOO=` in a .env file means the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""));
  const common = ZCommon.safeParse(cleaned);
  if (!common.success) problems.push(...problemsOf(common.error));
  const platform = channel === "telegram" ? ZTelegram.safeParse(cleaned) : channel === "whatsapp" ? ZWhatsApp.safeParse(cleaned) : null;
  if (platform && !platform.success) problems.push(...problemsOf(platform.error));
  if (problems.length > 0 || !common.success || !platform?.success) throw new ConfigError(problems);
  const base = { ...common.data, BOT_DB: common.data.BOT_DB === ":memory:" ? ":memory:" : path.resolve(common.data.BOT_DB) };
  return channel === "telegram"
    ? { ...base, channel: "telegram", telegram: platform.data as TelegramConfig }
    : { ...base, channel: "whatsapp", whatsapp: platform.data as WhatsAppConfig };
}
