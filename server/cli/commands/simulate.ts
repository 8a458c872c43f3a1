import fs from "node:fs/promises";
import { z } from "zod";
import type { AnalyticsEvent } from "@/core/domain/analytics";
import { CHANNELS, type Channel, type FlowNode } from "@/core/flow";
import { Conversation, loadExport, type Effect, type Outgoing, type TurnResult } from "@/core/runtime";
import { readJsonOrReport } from "../files";
import { EXIT, parseArgs, type CliCommand, type CliIO } from "../io";

const USAGE = `Usage: flowguard simulate EXPORT --script SCRIPT.json [--json] [--channel C] [--subject ID] [--now ISO] [--webhooks ok|fail] [--analytics FILE]

Runs a scripted conversation through the runtime, exactly as a deployed bot would.
SCRIPT is a JSON array of user events:
  {"start": true}              Get Started / /start
  {"choose": "<button label>"} press a button of the last bot message
  {"text": "..."}              type a message (STOP, an answer, ...)
  {"wait": hours}              let time pass (re-disclosure after silence)
  {"handback": true}           the person who took over hands back to the bot
  {"tick": true}               the host's timer (e.g. a handoff nobody answered in time)

  --json          print {"transcript": [{"from","text","buttons"}], "consentEvents": [...], "effects": [...], "analyticsEvents": [...], "variables": {...}}
  --channel C     the channel for a canonical (channel-neutral) export
  --subject ID    pseudonymous user id (default "simulated-user")
  --now ISO       the time the conversation starts (default: now), for reproducible output
  --webhooks      how webhook steps are answered (default ok)
  --analytics FILE  write the analytics events the runtime emitted, marked as test traffic,
                  as {"events": [...]}: ready for POST /api/v1/events (shown only with "Testdaten zeigen")

Exit code: 0 the script ran, 1 a step of the script could not be done (e.g. no such
button), 2 unreadable input or wrong options.`;

const ZScriptEvent = z.union([
  z.strictObject({ start: z.literal(true) }),
  z.strictObject({ choose: z.string().min(1) }),
  z.strictObject({ text: z.string() }),
  z.strictObject({ wait: z.number().nonnegative() }),
  z.strictObject({ handback: z.literal(true) }),
  z.strictObject({ tick: z.literal(true) }),
]);
const ZScript = z.array(ZScriptEvent);

type TranscriptLine = { from: "bot" | "user"; text: string; buttons: string[] };

function botLines(outgoing: Outgoing[]): TranscriptLine[] {
  return outgoing.flatMap((o) =>
    o.kind === "message" ? [{ from: "bot" as const, text: o.text, buttons: o.buttons.map((b) => b.label) }] : [],
  );
}

function printHuman(lines: TranscriptLine[], io: CliIO): void {
  for (const line of lines) {
    io.out(`${line.from === "bot" ? "bot " : "user"}: ${line.text.replace(/\n/g, "\n      ")}`);
    if (line.buttons.length > 0) io.out(`      ${line.buttons.map((b) => `[${b}]`).join(" ")}`);
  }
}

export const simulateCommand: CliCommand = {
  name: "simulate",
  summary: "run a scripted conversation through the runtime",
  usage: USAGE,
  async run(args, io) {
    const { flags, positional, unknown } = parseArgs(args, {
      booleans: ["--help", "-h", "--json"],
      values: ["--script", "--channel", "--subject", "--now", "--webhooks", "--analytics"],
    });
    if (flags.has("--help") || flags.has("-h")) {
      io.out(USAGE);
      return EXIT.ok;
    }
    const scriptPath = flags.get("--script");
    const channelFlag = flags.get("--channel");
    const nowFlag = flags.get("--now");
    const webhooks = flags.get("--webhooks") ?? "ok";
    const now = typeof nowFlag === "string" ? Date.parse(nowFlag) : Date.now();
    const problems: string[] = [];
    if (unknown.length > 0) problems.push(`Unknown option: ${unknown.join(", ")}`);
    if (positional.length !== 1) problems.push("Give exactly one EXPORT file.");
    if (typeof scriptPath !== "string") problems.push("--script SCRIPT.json is required.");
    if (channelFlag !== undefined && !CHANNELS.includes(channelFlag as Channel))
      problems.push(`--channel must be one of ${CHANNELS.join(", ")}.`);
    if (Number.isNaN(now)) problems.push("--now must be a date and time, e.g. 2026-01-01T09:00:00Z.");
    if (webhooks !== "ok" && webhooks !== "fail") problems.push("--webhooks must be ok or fail.");
    if (problems.length > 0) {
      for (const problem of problems) io.err(problem);
      io.err(USAGE);
      return EXIT.unreadable;
    }
    const exportFile = await readJsonOrReport(positional[0], io);
    if (!exportFile) return EXIT.unreadable;
    const scriptFile = await readJsonOrReport(scriptPath as string, io);
    if (!scriptFile) return EXIT.unreadable;
    const script = ZScript.safeParse(scriptFile.value);
    if (!script.success) {
      const issue = script.error.issues[0];
      io.err(
        `${scriptPath} is not a valid script at ${issue.path.join(".") || "(root)"}: each event is {"start": true}, {"choose": label}, {"text": "..."}, {"wait": hours}, {"handback": true} or {"tick": true}.`,
      );
      return EXIT.unreadable;
    }
    let conversation: Conversation;
    try {
      const flow = loadExport(exportFile.value, { channel: channelFlag as Channel | undefined });
      conversation = new Conversation(flow, {
        subject: (flags.get("--subject") as string | undefined) ?? "simulated-user",
        now,
        webhook: () => ({ ok: webhooks === "ok" }),
      });
    } catch (error) {
      io.err(`${positional[0]}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.unreadable;
    }

    const transcript: TranscriptLine[] = [];
    const effects: Effect[] = [];
    // Analytics events are counted traffic, not work for the host: listed apart, marked as test traffic.
    const analyticsEvents: AnalyticsEvent[] = [];
    let offered: string[] = [];
    let failure: string | null = null;
    const record = (turn: TurnResult) => {
      const lines = botLines(turn.outgoing);
      transcript.push(...lines);
      for (const effect of turn.effects) {
        if (effect.kind === "analytics") analyticsEvents.push({ ...effect.event, test: true });
        else effects.push(effect);
      }
      const withButtons = [...lines].reverse().find((line) => line.buttons.length > 0);
      if (lines.length > 0) offered = withButtons ? withButtons.buttons : [];
    };
    for (const [index, event] of script.data.entries()) {
      if ("wait" in event) {
        conversation.wait(event.wait);
      } else if ("start" in event) {
        transcript.push({ from: "user", text: "/start", buttons: [] });
        record(conversation.send({ type: "start" }));
      } else if ("handback" in event) {
        record(conversation.send({ type: "handback" }));
      } else if ("tick" in event) {
        record(conversation.send({ type: "tick" }));
      } else if ("text" in event) {
        transcript.push({ from: "user", text: event.text, buttons: [] });
        record(conversation.send({ type: "text", text: event.text }));
      } else {
        const wanted = event.choose.trim().toLowerCase();
        const waitingNode = conversation.state.nodeId ? conversation.flow.nodes.get(conversation.state.nodeId) : undefined;
        const buttons = waitingNode && conversation.state.status === "waiting" ? buttonsOf(waitingNode) : [];
        const button = buttons.find((b) => b.label.trim().toLowerCase() === wanted);
        if (!button || !offered.some((label) => label.trim().toLowerCase() === wanted)) {
          failure = `step ${index + 1}: no button "${event.choose}" — the bot offers ${offered.length > 0 ? offered.map((b) => `"${b}"`).join(", ") : "no buttons"}.`;
          break;
        }
        transcript.push({ from: "user", text: button.label, buttons: [] });
        record(conversation.send({ type: "button", id: button.id }));
      }
    }

    if (flags.has("--json")) {
      io.out(
        JSON.stringify(
          { transcript, consentEvents: conversation.consentEvents, effects, analyticsEvents, variables: conversation.state.variables },
          null,
          2,
        ),
      );
    } else {
      printHuman(transcript, io);
      if (conversation.consentEvents.length > 0) {
        io.out("");
        io.out("consent events:");
        for (const e of conversation.consentEvents) {
          const step = e.consentNodeId ? `step ${e.consentNodeId}` : "no consent step (objection)";
          io.out(`  ${e.occurredAt} ${e.outcome.padEnd(8)} ${e.purpose} — ${step}, ${e.answerMode}, shown ${e.textHash.slice(0, 12)}…`);
        }
      }
      const notable = effects.filter((e) => e.kind !== "webhook");
      if (notable.length > 0) {
        io.out("");
        io.out("effects for the bot's host:");
        for (const e of notable) io.out(`  ${describeEffect(e)}`);
      }
    }
    const analyticsFile = flags.get("--analytics");
    if (typeof analyticsFile === "string") {
      await fs.writeFile(analyticsFile, `${JSON.stringify({ events: analyticsEvents }, null, 2)}\n`);
      if (!flags.has("--json")) io.out(`\n${analyticsEvents.length} analytics events (test traffic) written to ${analyticsFile}`);
    }
    if (failure) {
      io.err(failure);
      return EXIT.findings;
    }
    return EXIT.ok;
  },
};

/** One line per effect, as an operator reads it. */
function describeEffect(effect: Effect): string {
  switch (effect.kind) {
    case "erase":
      return `erase at ${effect.processor} (${effect.url}): ${effect.variables.join(", ")} of purpose ${effect.purpose}`;
    case "unsubscribe":
      return "unsubscribe from every marketing list";
    case "subscribe":
      return `subscribe to list ${effect.list}`;
    case "handoff":
      return `hand over to a person (step ${effect.nodeId})`;
    case "handoffTimeout":
      return `close the handoff of step ${effect.nodeId}: nobody answered in time`;
    case "webhook":
      return `POST ${effect.url} (${effect.processor})`;
    case "analytics":
      return `count ${effect.event.type}`;
  }
}

/** The buttons of the step the conversation waits at (labels as shown, ids as sent back). */
function buttonsOf(node: FlowNode): { id: string; label: string }[] {
  if (node.type === "consent")
    return [
      { id: "accept", label: node.data.acceptLabel },
      { id: "decline", label: node.data.declineLabel },
    ];
  if (node.type === "choice") return node.data.options.map((o) => ({ id: o.id, label: o.label }));
  return [];
}
