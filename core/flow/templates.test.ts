import { describe, expect, it } from "vitest";
import { validate } from "../compliance";
import { parseFlowDocument } from "./parse";
import { EXAMPLE_CRM_HOST, EXAMPLE_LEGAL, TEMPLATES, TEMPLATE_IDS, createFlowFromTemplate, templateCrmOf } from "./templates";
import { FORMALITIES, LOCALES } from "./schema";
import type { WorkspaceLegal } from "./legal";

describe("templates", () => {
  for (const templateId of TEMPLATE_IDS) {
    for (const locale of LOCALES) {
      for (const formality of FORMALITIES) {
        it(`${templateId} (${locale}, ${formality}) parses and has no errors and no content warnings with complete legal settings`, () => {
          const doc = createFlowFromTemplate(templateId, { id: `t-${templateId}`, name: "T", locale, formality });
          const parsed = parseFlowDocument(JSON.parse(JSON.stringify(doc)));
          expect(parsed.ok ? [] : parsed.errors).toEqual([]);
          // Only the channel warning that a WhatsApp flow has no handoff may stay: it asks for a step, not for other words.
          const findings = validate(doc, EXAMPLE_LEGAL).filter((diagnostic) => diagnostic.rule !== "channel.humanPath");
          expect(findings).toEqual([]);
          // Without legal settings the texts still pass: they name the controller as {company}.
          expect(validate(doc, null).filter((diagnostic) => diagnostic.rule !== "channel.humanPath")).toEqual([]);
          expect(doc.locale).toBe(locale);
          expect(doc.settings.formality).toBe(formality);
        });
      }
    }
  }

  it("passes every rule on empty legal settings except the ones the missing settings themselves cause", () => {
    const empty: WorkspaceLegal = {
      controller: { name: "", address: "" },
      impressumUrl: "",
      privacyPolicyUrl: "",
      privacyContact: "",
      processors: [],
    };
    for (const templateId of TEMPLATE_IDS) {
      for (const locale of LOCALES) {
        const doc = createFlowFromTemplate(templateId, { id: `t-${templateId}`, name: "T", locale });
        const rules = new Set(validate(doc, empty).map((diagnostic) => diagnostic.rule));
        rules.delete("channel.humanPath");
        const hasWebhook = doc.nodes.some((node) => node.type === "webhook");
        // The links and the controller are missing; a webhook posts to a processor nobody declared yet.
        expect([...rules].sort(), `${templateId} (${locale})`).toEqual(
          hasWebhook ? ["legal.links", "processor.declared"] : ["legal.links"],
        );
      }
    }
  });

  it("addresses people with du or Sie as the flow's formality says", () => {
    const texts = (formality: "informal" | "formal") =>
      createFlowFromTemplate("leadCapture", { id: "x", name: "X", locale: "de", formality })
        .nodes.map((node) => JSON.stringify(node.data))
        .join(" ");
    expect(texts("informal")).toMatch(/\b(du|dich|dir|deine[nr]?)\b/);
    expect(texts("informal")).not.toMatch(/\b(Ihnen|Ihre[nr]?)\b/);
    expect(texts("formal")).toMatch(/\b(Sie|Ihnen|Ihre[nr]?)\b/);
    expect(texts("formal")).not.toMatch(/\b(du|dich|dir|deine[nr]?)\b/);
  });

  it("starts every template with start → bot disclosure → privacy notice → consent", () => {
    for (const templateId of TEMPLATE_IDS) {
      const doc = createFlowFromTemplate(templateId, { id: "x", name: "X", locale: "de" });
      const next = (id: string, handle = "next") => doc.edges.find((edge) => edge.source === id && edge.sourceHandle === handle)?.target;
      const types = ["start", next("start"), next("disclosure"), next("privacy")].map(
        (id) => doc.nodes.find((node) => node.id === id)?.type,
      );
      expect(types).toEqual(["start", "botDisclosure", "privacyNotice", "consent"]);
      const declined = doc.nodes.find((node) => node.id === next("consent", "decline"));
      expect(declined?.type).toBe("end");
    }
  });

  it("uses the default opt-out keywords and re-disclosure after 24 hours", () => {
    const doc = createFlowFromTemplate("default", { id: "x", name: "X", locale: "en" });
    expect(doc.settings.optOut.keywords).toEqual(["STOP", "STOPP", "ABMELDEN"]);
    expect(doc.settings.optOut.confirmation).not.toBe("");
    expect(doc.settings.redisclosureAfterHours).toBe(24);
  });

  it("writes German and English texts and fills the company when given", () => {
    const de = createFlowFromTemplate("default", { id: "x", name: "X", locale: "de", company: "Muster AG" });
    const en = createFlowFromTemplate("default", { id: "x", name: "X", locale: "en" });
    const disclosure = (doc: typeof de) => doc.nodes.find((node) => node.type === "botDisclosure");
    expect(disclosure(de)?.type === "botDisclosure" && disclosure(de)?.data.text).toContain("Muster AG");
    expect(disclosure(en)?.type === "botDisclosure" && disclosure(en)?.data.text).toContain("{company}");
  });

  it("re-discloses the bot after the appointment handoff and posts only to the example CRM", () => {
    const doc = createFlowFromTemplate("appointment", { id: "x", name: "X", locale: "en" });
    const afterHandoff = doc.edges.find((edge) => edge.source === "handoff" && edge.sourceHandle === "next")?.target;
    expect(doc.nodes.find((node) => node.id === afterHandoff)?.type).toBe("botDisclosure");
    for (const node of doc.nodes) if (node.type === "webhook") expect(new URL(node.data.url).host).toBe(EXAMPLE_CRM_HOST);
    expect(EXAMPLE_LEGAL.processors.map((processor) => processor.domain)).toContain(EXAMPLE_CRM_HOST);
  });

  it("describes every template in German and English", () => {
    expect(TEMPLATES.map((template) => template.id)).toEqual([...TEMPLATE_IDS]);
    for (const template of TEMPLATES) {
      for (const locale of LOCALES) {
        expect(template.name[locale].length).toBeGreaterThan(0);
        expect(template.description[locale].length).toBeGreaterThan(10);
      }
    }
  });
});

describe("templateCrmOf", () => {
  const processor = { name: "LeadHub CRM", domain: "hooks.leadhub.de", purpose: "CRM", dpaSigned: true, country: "DE" };

  it("picks the first processor with a signed agreement and a domain, its domain written as a host", () => {
    expect(
      templateCrmOf({
        processors: [
          { ...processor, name: "Ohne Vertrag", domain: "crm.beispiel.de", dpaSigned: false },
          { ...processor, name: "Ohne Domain", domain: "  " },
          { ...processor, domain: "https://Hooks.LeadHub.de/api" },
          { ...processor, name: "Zweites CRM", domain: "crm.zwei.de" },
        ],
      }),
    ).toEqual({ name: "LeadHub CRM", host: "hooks.leadhub.de" });
  });

  it("names the processor by its host when its name is empty, and answers null when none qualifies", () => {
    expect(templateCrmOf({ processors: [{ ...processor, name: " " }] })).toEqual({ name: "hooks.leadhub.de", host: "hooks.leadhub.de" });
    expect(templateCrmOf({ processors: [{ ...processor, dpaSigned: false }] })).toBeNull();
    expect(templateCrmOf({ processors: [] })).toBeNull();
  });

  it("is what the lead template posts to and names as recipient", () => {
    const crm = { name: "LeadHub CRM", host: "hooks.leadhub.de" };
    const doc = createFlowFromTemplate("leadCapture", { id: "x", name: "X", locale: "de", crm });
    const webhook = doc.nodes.find((node) => node.type === "webhook");
    const consent = doc.nodes.find((node) => node.type === "consent");
    expect(webhook?.type === "webhook" && webhook.data).toMatchObject({
      url: "https://hooks.leadhub.de/api/leads",
      processor: "LeadHub CRM",
    });
    expect(consent?.type === "consent" && consent.data.text).toContain("Empfänger: LeadHub CRM.");
  });
});

describe("TEMPLATES", () => {
  it("says which templates post to a CRM: exactly those with a webhook", () => {
    for (const template of TEMPLATES) {
      const doc = createFlowFromTemplate(template.id, { id: "x", name: "X", locale: "de" });
      expect(template.postsToCrm, template.id).toBe(doc.nodes.some((node) => node.type === "webhook"));
    }
  });
});
