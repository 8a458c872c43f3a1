import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCALES, TEMPLATE_IDS } from "@/core/flow";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { COMPLETE_LEGAL_SETTINGS, workspaceWithOwner } from "@/server/testing/fixtures";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

/** The rules whose findings missing legal settings must cause: the workspace's links, and webhooks to undeclared processors. */
const LEGAL_RULES = new Set(["legal.links", "processor.declared"]);
/** A WhatsApp flow without a handoff keeps this warning whatever the legal settings say. */
const CHANNEL_WARNING = "channel.humanPath";

describe("templates created before the legal settings are filled in", () => {
  it("name the controller as {company}, fail only the legal rules, and pass every rule once the settings name another controller", async () => {
    const { owner, slug } = await workspaceWithOwner(t.db, { name: "Flow Shop", legal: false });
    const created = [];
    for (const templateId of TEMPLATE_IDS) {
      for (const locale of LOCALES) {
        const flow = await owner.flows.create({ workspaceSlug: slug, templateId, name: `${templateId} ${locale}`, locale });
        const texts = flow.document.nodes.map((node) => JSON.stringify(node.data)).join(" ");
        // The workspace's display name is not the controller: the texts keep the placeholder the export fills.
        expect(texts).not.toContain("Flow Shop");
        expect(texts).toContain("{company}");
        const unexpected = flow.diagnostics.filter((d) => !LEGAL_RULES.has(d.rule) && d.rule !== CHANNEL_WARNING);
        expect(unexpected, `${templateId} (${locale})`).toEqual([]);
        created.push(flow);
      }
    }
    // Webhook templates are the ones refused for an undeclared processor; every template is refused for the missing links.
    const lead = created.find((flow) => flow.document.nodes.some((node) => node.type === "webhook"))!;
    expect(lead.diagnostics.map((d) => d.rule)).toContain("processor.declared");

    await owner.legal.save({ workspaceSlug: slug, ...COMPLETE_LEGAL_SETTINGS, controllerName: "Andere Firma AG" });
    for (const flow of created) {
      const stored = await owner.flows.get({ workspaceSlug: slug, flowId: flow.id });
      expect(
        stored.diagnostics.filter((d) => d.rule !== CHANNEL_WARNING),
        flow.name,
      ).toEqual([]);
    }
  });
});

describe("templates created after the legal settings are filled in", () => {
  it("post to the workspace's processor with a signed agreement, name it in the consent and start without findings", async () => {
    const { owner, slug } = await workspaceWithOwner(t.db, { name: "Kaffeerad", legal: false });
    await owner.legal.save({
      workspaceSlug: slug,
      ...COMPLETE_LEGAL_SETTINGS,
      controllerName: "Kaffeerad GmbH",
      processors: [
        // Listed first, but without a signed agreement a webhook to it would be refused.
        { name: "Altes CRM", domain: "crm.alt-beispiel.de", purpose: "CRM", dpaSigned: false, country: "DE" },
        { name: "LeadHub CRM", domain: "hooks.leadhub.de", purpose: "Anfragen speichern", dpaSigned: true, country: "DE" },
      ],
    });
    for (const templateId of TEMPLATE_IDS) {
      for (const locale of LOCALES) {
        const flow = await owner.flows.create({ workspaceSlug: slug, templateId, name: `${templateId} ${locale}`, locale });
        const label = `${templateId} (${locale})`;
        // Only steps that unchanged text cannot fix may stay: a handoff the WhatsApp channel asks for.
        expect(
          flow.diagnostics.filter((d) => d.rule !== CHANNEL_WARNING),
          label,
        ).toEqual([]);
        const webhooks = flow.document.nodes.filter((node) => node.type === "webhook");
        const consents = flow.document.nodes.filter((node) => node.type === "consent");
        for (const webhook of webhooks) {
          expect(new URL(webhook.data.url).host, label).toBe("hooks.leadhub.de");
          expect(webhook.data.processor, label).toBe("LeadHub CRM");
        }
        for (const consent of consents) {
          expect(consent.data.text, label).not.toContain("Example CRM");
          if (webhooks.length > 0) expect(consent.data.text, label).toContain("LeadHub CRM");
        }
      }
    }
  });
});
