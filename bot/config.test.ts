import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseArgs } from "./config";

const base = { FLOWGUARD_URL: "https://flowguard.example.com/", FLOWGUARD_TOKEN: "fg_x", FLOWGUARD_FLOW_ID: "flow-1" };

function problems(env: Record<string, string | undefined>, channel?: string): string[] {
  try {
    loadConfig(env, { channel });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("bot configuration", () => {
  it("fills defaults and trims the app address", () => {
    const config = loadConfig({ ...base, TELEGRAM_BOT_TOKEN: "1:a", BOT_DB: "./tmp/x.db" }, { channel: "telegram" });
    expect(config).toMatchObject({
      channel: "telegram",
      FLOWGUARD_URL: "https://flowguard.example.com",
      FLOWGUARD_POLL_SECONDS: 60,
      BOT_RETRY_MAX: 8,
      telegram: { TELEGRAM_API_URL: "https://api.telegram.org", TELEGRAM_POLL_TIMEOUT_SECONDS: 25 },
    });
    expect(config.BOT_DB).toMatch(/tmp\/x\.db$/);
  });

  it("names every missing WhatsApp secret at once, and treats empty variables as unset", () => {
    const found = problems({ ...base, WHATSAPP_ACCESS_TOKEN: "  ", BOT_CHANNEL: "whatsapp" });
    expect(found.map((p) => p.split(":")[0])).toEqual([
      "WHATSAPP_ACCESS_TOKEN",
      "WHATSAPP_PHONE_NUMBER_ID",
      "WHATSAPP_APP_SECRET",
      "WHATSAPP_VERIFY_TOKEN",
    ]);
    expect(found[2]).toContain("X-Hub-Signature-256");
  });

  it("refuses malformed numbers and addresses with the variable's name", () => {
    const found = problems(
      { ...base, FLOWGUARD_URL: "flowguard", FLOWGUARD_POLL_SECONDS: "soon", BOT_RETRY_MAX: "0", TELEGRAM_BOT_TOKEN: "1:a" },
      "telegram",
    );
    expect(found).toEqual([
      expect.stringMatching(/^FLOWGUARD_URL: must be an http\(s\) URL/),
      "FLOWGUARD_POLL_SECONDS: must be a number of seconds",
      "BOT_RETRY_MAX: must be at least 1",
    ]);
  });

  it("reads --channel in both spellings and refuses unknown arguments", () => {
    expect(parseArgs(["--channel", "whatsapp"])).toEqual({ channel: "whatsapp" });
    expect(parseArgs(["--channel=telegram"])).toEqual({ channel: "telegram" });
    expect(() => parseArgs(["--chanel", "telegram"])).toThrow('unknown argument "--chanel"');
    expect(problems(base)).toEqual(["--channel (or BOT_CHANNEL): required, one of telegram, whatsapp"]);
  });
});
