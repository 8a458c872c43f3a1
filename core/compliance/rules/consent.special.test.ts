import { describe, expect, it } from "vitest";
import { compliantPrefix, findingsOf, flow, link, step } from "../testFlows";

const RULE = "consent.special";

function withConsent(consent: Parameters<typeof step<"consent">>[2]) {
  const prefix = compliantPrefix(["lead"]);
  prefix.nodes[3] = step("consent", "consent", { purposes: ["lead"], ...consent });
  return flow(
    [...prefix.nodes, step("input", "health-q", { specialCategory: "health" })],
    [...prefix.edges, link("consent", "accept", "health-q")],
  );
}

describe(RULE, () => {
  it("accepts an explicit consent naming the category", () => {
    expect(findingsOf(RULE, withConsent({ explicit: true, categories: ["health"] }))).toEqual([]);
  });

  it("flags an ordinary consent, and an explicit one for another category", () => {
    expect(findingsOf(RULE, withConsent({ explicit: false, categories: ["health"] })).map((d) => d.nodeId)).toEqual(["health-q"]);
    const other = findingsOf(RULE, withConsent({ explicit: true, categories: ["biometricData"] }));
    expect(other).toHaveLength(1);
    expect(other[0]).toMatchObject({ rule: RULE, severity: "error", path: ["start", "disclosure", "privacy", "consent", "health-q"] });
    expect(other[0].message).toContain("health");
  });

  it("ignores inputs without a special category", () => {
    const prefix = compliantPrefix(["lead"]);
    const doc = flow([...prefix.nodes, step("input", "email")], [...prefix.edges, link("consent", "accept", "email")]);
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("flags a special input reached after decline", () => {
    const doc = withConsent({ explicit: true, categories: ["health"] });
    const declined = flow(doc.nodes, [
      ...doc.edges.filter((e) => e.source !== "consent" || e.sourceHandle !== "decline"),
      link("consent", "decline", "health-q"),
    ]);
    expect(findingsOf(RULE, declined).map((d) => d.nodeId)).toEqual(["health-q"]);
  });

  it("needs the step's purpose in the explicit consent, and a no to it is final", () => {
    expect(findingsOf(RULE, withConsent({ explicit: true, categories: ["health"], purposes: ["marketing"] })).map((d) => d.nodeId)).toEqual(
      ["health-q"],
    );
    const doc = withConsent({ explicit: true, categories: ["health"] });
    const retried = flow(
      [...doc.nodes, step("consent", "again", { explicit: true, categories: ["health"], purposes: ["lead"] })],
      [
        ...doc.edges.filter((e) => e.source !== "consent" || e.sourceHandle !== "decline"),
        link("consent", "decline", "again"),
        link("again", "accept", "health-q"),
        link("again", "decline", "declined"),
      ],
    );
    const findings = findingsOf(RULE, retried);
    expect(findings.map((d) => d.nodeId)).toEqual(["health-q"]);
    expect(findings[0].params).toMatchObject({ declined: true });
  });
});

describe(`${RULE}: inferred categories`, () => {
  /** After an ordinary (non-explicit) consent for lead and marketing: `body` follows accept. */
  function afterOrdinaryConsent(
    locale: "de" | "en",
    body: Parameters<typeof step>[0] extends never ? never : ReturnType<typeof step>[],
    edges: ReturnType<typeof link>[],
    first: string,
  ) {
    const prefix = compliantPrefix(["lead", "marketing"]);
    return flow([...prefix.nodes, ...body], [...prefix.edges, link("consent", "accept", first), ...edges], { locale });
  }

  it("flags symptoms asked in a free-text question with an ordinary consent, naming the words (de, en)", () => {
    const de = afterOrdinaryConsent(
      "de",
      [step("input", "q", { text: "Welche Symptome haben Sie?", inputType: "text", variable: "beschwerden" })],
      [],
      "q",
    );
    const [finding] = findingsOf(RULE, de);
    expect(finding).toMatchObject({ rule: RULE, severity: "error", nodeId: "q" });
    expect(finding.message).toContain("„Symptome“");
    const en = afterOrdinaryConsent(
      "en",
      [step("input", "q", { text: "Which symptoms do you have?", inputType: "text", variable: "notes" })],
      [],
      "q",
    );
    expect(findingsOf(RULE, en)[0].message).toContain('"symptoms"');
  });

  it("flags a choice 'Haben Sie Diabetes?' and the list 'diabetes-angebote' its option leads to", () => {
    const de = afterOrdinaryConsent(
      "de",
      [
        step("choice", "c", {
          text: "Haben Sie Diabetes?",
          options: [
            { id: "yes", label: "Ja" },
            { id: "no", label: "Nein" },
          ],
        }),
        step("subscribe", "list", { list: "diabetes-angebote" }),
        step("end", "bye"),
      ],
      [link("c", "yes", "list"), link("c", "no", "bye"), link("list", "next", "bye")],
      "c",
    );
    expect(
      findingsOf(RULE, de)
        .map((d) => d.nodeId)
        .sort(),
    ).toEqual(["c", "list"]);
    // The category follows the option even when the list's own name says nothing.
    const en = afterOrdinaryConsent(
      "en",
      [
        step("choice", "c", { text: "Do you have diabetes?", options: [{ id: "yes", label: "Yes" }] }),
        step("subscribe", "list", { list: "offers-a" }),
      ],
      [link("c", "yes", "list")],
      "c",
    );
    expect(
      findingsOf(RULE, en)
        .map((d) => d.nodeId)
        .sort(),
    ).toEqual(["c", "list"]);
  });

  it("reads an option label in braces, since a button is sent as it stands (no variable is filled into a label)", () => {
    const doc = afterOrdinaryConsent(
      "de",
      [step("choice", "c", { text: "Was möchten Sie?", options: [{ id: "a", label: "{{Diabetes}}" }] }), step("end", "bye")],
      [link("c", "a", "bye")],
      "c",
    );
    expect(findingsOf(RULE, doc).map((d) => d.nodeId)).toEqual(["c"]);
  });

  it("follows a special-category variable into the webhook that sends it", () => {
    const doc = afterOrdinaryConsent(
      "en",
      [
        step("input", "q", { text: "Which medication do you take?", inputType: "text", variable: "meds" }),
        step("webhook", "hook", { sends: ["meds"] }),
      ],
      [link("q", "next", "hook")],
      "q",
    );
    const findings = findingsOf(RULE, doc);
    expect(findings.map((d) => d.nodeId).sort()).toEqual(["hook", "q"]);
    expect(findings.find((d) => d.nodeId === "hook")?.message).toContain('"meds"');
  });

  it("accepts the same steps after an explicit consent for health and their purpose", () => {
    const prefix = compliantPrefix(["lead", "marketing"]);
    prefix.nodes[3] = step("consent", "consent", { purposes: ["lead", "marketing"], explicit: true, categories: ["health"] });
    const doc = flow(
      [
        ...prefix.nodes,
        step("input", "q", { text: "Welche Symptome haben Sie?", inputType: "text", variable: "beschwerden" }),
        step("choice", "c", { text: "Haben Sie Diabetes?", options: [{ id: "yes", label: "Ja" }] }),
        step("subscribe", "list", { list: "diabetes-angebote" }),
      ],
      [...prefix.edges, link("consent", "accept", "q"), link("q", "next", "c"), link("c", "yes", "list")],
      { locale: "de" },
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("leaves ordinary service questions alone", () => {
    const doc = afterOrdinaryConsent(
      "de",
      [step("input", "q", { text: "Wählen Sie einen Termin", inputType: "date", variable: "termin" })],
      [],
      "q",
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });
});
