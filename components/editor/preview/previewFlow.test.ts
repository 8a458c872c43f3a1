import { describe, expect, it } from "vitest";
import { createFlowFromTemplate } from "@/core/flow";
import { Conversation } from "@/core/runtime";
import { loadDraftForPreview } from "./previewFlow";

describe("preview of the draft", () => {
  const draft = createFlowFromTemplate("leadCapture", { id: "d", name: "Draft", locale: "de" });

  it("runs a draft with the workspace name standing in until the legal details are filled in", () => {
    const loaded = loadDraftForPreview(draft, null, "Muster Shop", "whatsapp");
    if (!loaded.ok) throw new Error(loaded.message);
    const turn = new Conversation(loaded.flow, { subject: "p" }).send({ type: "start" });
    const first = turn.outgoing[0];
    expect(first.kind === "message" && first.text).toContain("Assistent von Muster Shop");
    const consent = turn.outgoing.at(-1)!;
    expect(consent.kind === "message" && consent.payloads[0]).toMatchObject({ type: "interactive", interactive: { type: "button" } });
    expect(turn.activeNodeId).toBe("consent");
  });

  it("names the first problem of a draft that cannot run", () => {
    const broken = { ...draft, nodes: [{ id: "x", type: "input", position: { x: 0, y: 0 }, data: { text: "?" } }] };
    const loaded = loadDraftForPreview(broken, null, "Shop", "telegram");
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.message).toMatch(/x/);
  });
});
