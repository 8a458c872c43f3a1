import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, type FlowDocument, type FlowNode, type WorkspaceLegal } from "../flow";
import { autofix } from "./autofix";
import { flow, link, step } from "./testFlows";
import { validate } from "./validate";

/** start → disclosure → privacy notice → the body, without any consent: autofix must add one. */
function withoutConsent(body: FlowNode[], bodyEdges: ReturnType<typeof link>[], overrides: Partial<FlowDocument>): FlowDocument {
  return flow(
    [step("start", "s"), step("botDisclosure", "d"), step("privacyNotice", "p"), ...body, step("end", "e")],
    [link("s", "next", "d"), link("d", "next", "p"), link("p", "next", body[0].id), ...bodyEdges],
    overrides,
  );
}

function insertedConsentText(document: FlowDocument, legal: WorkspaceLegal | null = EXAMPLE_LEGAL): string {
  const fixed = autofix(document, { legal });
  const consents = fixed.document.nodes.filter((node) => node.type === "consent");
  expect(consents).toHaveLength(1);
  const [consent] = consents;
  if (consent.type !== "consent") throw new Error("not a consent");
  // Whatever it says, it passes every content rule and leaves no error behind.
  expect(validate(fixed.document, legal).filter((d) => d.severity === "error" || d.rule === "consent.wellFormed")).toEqual([]);
  return consent.data.text;
}

const askEmail = (text: string, variable: string) => step("input", "ask", { text, variable, inputType: "text", purpose: "lead" });
const crm = (sends: string[], url = "https://crm.example.com/api/leads", processor = "Example CRM") =>
  step("webhook", "crm", { url, processor, sends, purpose: "lead" });

describe("autofix: inserted consent texts name the data in the question's words and the recipients", () => {
  it("German, formal: names the e-mail address the question asks for and the declared CRM, never the variable id", () => {
    const doc = withoutConsent(
      [askEmail("Wie lautet Ihre E-Mail-Adresse?", "x1"), crm(["x1"])],
      [link("ask", "next", "crm"), link("crm", "success", "e"), link("crm", "failure", "e")],
      { locale: "de", settings: { ...flow([], []).settings, formality: "formal" } },
    );
    const text = insertedConsentText(doc);
    expect(text).toContain("Ihre Angaben (E-Mail-Adresse)");
    expect(text).toContain("Empfänger: Example CRM.");
    expect(text).toContain("„Contact request“");
    expect(text).not.toMatch(/\bx1\b/);
    expect(text).not.toMatch(/\b(du|dein|deine)\b/);
  });

  it("English: names phone number and email address a webhook sends, in the words of the questions that asked them", () => {
    const doc = withoutConsent(
      [
        step("input", "ask-phone", { text: "Which number can we call?", variable: "v_a", inputType: "phone", purpose: "lead" }),
        step("input", "ask-mail", { text: "And your email?", variable: "v_b", inputType: "text", purpose: "lead" }),
        crm(["v_a", "v_b"]),
      ],
      [link("ask-phone", "next", "ask-mail"), link("ask-mail", "next", "crm"), link("crm", "success", "e"), link("crm", "failure", "e")],
      { locale: "en" },
    );
    const text = insertedConsentText(doc);
    // One consent before the first question covers the purpose: it names both data the purpose collects.
    expect(text).toContain("your details (phone number and email address)");
    expect(text).toContain("Recipients: Example CRM.");
    expect(text).not.toMatch(/\bv_[ab]\b/);
  });

  it("quotes a question no lexicon word names, and names an unnamed processor by its registrable domain", () => {
    const doc = withoutConsent(
      [
        step("input", "ask", { text: "Which product are you interested in?", variable: "p1", inputType: "text", purpose: "lead" }),
        crm(["p1"], "https://hooks.eu.acme-leads.co.uk/in", ""),
      ],
      [link("ask", "next", "crm"), link("crm", "success", "e"), link("crm", "failure", "e")],
      { locale: "en" },
    );
    const legal: WorkspaceLegal = {
      ...EXAMPLE_LEGAL,
      processors: [{ name: "", domain: "acme-leads.co.uk", purpose: "Leads", dpaSigned: true, country: "GB", transferBasis: "adequacy" }],
    };
    const text = insertedConsentText(doc, legal);
    expect(text).toContain("your answer to “Which product are you interested in?”");
    expect(text).toContain("Recipients: acme-leads.co.uk.");
    expect(text).not.toContain("p1");
  });

  it("German, informal: a webhook sending data before any consent gets one naming the data and the recipient", () => {
    const doc = withoutConsent(
      [step("input", "ask-name", { text: "Wie heißt du?", variable: "n", inputType: "text", purpose: "lead" }), crm(["n"])],
      [link("ask-name", "next", "crm"), link("crm", "success", "e"), link("crm", "failure", "e")],
      { locale: "de" },
    );
    const text = insertedConsentText(doc);
    expect(text).toContain("deine Angaben (Name)");
    expect(text).toContain("Empfänger: Example CRM.");
  });
});
