import { describe, expect, it } from "vitest";
import { compliantPrefix, findingsOf, flaggedSteps, flow, link, step } from "../testFlows";

const RULE = "consent.beforeData";

describe(RULE, () => {
  it("accepts data steps behind the accept output of a consent for their purpose", () => {
    const prefix = compliantPrefix(["lead", "marketing"]);
    const doc = flow(
      [
        ...prefix.nodes,
        step("input", "email"),
        step("webhook", "crm"),
        step("subscribe", "sub"),
        step("message", "promo", { promotional: true }),
      ],
      [
        ...prefix.edges,
        link("consent", "accept", "email"),
        link("email", "next", "crm"),
        link("crm", "success", "sub"),
        link("sub", "next", "promo"),
      ],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("follows the decline output: data after a decline is a violation", () => {
    const prefix = compliantPrefix(["lead"]);
    const edges = prefix.edges.filter((edge) => edge.sourceHandle !== "decline");
    const doc = flow(
      [...prefix.nodes, step("input", "email"), step("input", "after-no")],
      [...edges, link("consent", "accept", "email"), link("consent", "decline", "after-no")],
    );
    const [finding, ...rest] = findingsOf(RULE, doc);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ nodeId: "after-no", path: ["start", "disclosure", "privacy", "consent", "after-no"] });
  });

  it("needs a consent for the step's own purpose", () => {
    const prefix = compliantPrefix(["marketing"]);
    const doc = flow([...prefix.nodes, step("input", "email", { purpose: "lead" })], [...prefix.edges, link("consent", "accept", "email")]);
    const findings = findingsOf(RULE, doc);
    expect(findings.map((d) => d.nodeId)).toEqual(["email"]);
    expect(findings[0].message).toContain("Contact request");
  });

  it("treats promotional messages and subscribe as marketing", () => {
    const prefix = compliantPrefix(["lead"]);
    const doc = flow(
      [...prefix.nodes, step("message", "promo", { promotional: true }), step("subscribe", "sub"), step("message", "plain")],
      [...prefix.edges, link("consent", "accept", "plain"), link("plain", "next", "promo"), link("promo", "next", "sub")],
    );
    expect(flaggedSteps(RULE, doc)).toEqual(["promo", "sub"]);
  });

  it("ignores inputs without personal data", () => {
    const doc = flow(
      [
        step("start", "s"),
        step("input", "count", { personalData: false, inputType: "number", text: "How many guests?", variable: "guests" }),
      ],
      [link("s", "next", "count")],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("is fine with loops back before the consent", () => {
    const prefix = compliantPrefix(["lead"]);
    const doc = flow(
      [...prefix.nodes, step("input", "email"), step("message", "again")],
      [...prefix.edges, link("consent", "accept", "email"), link("email", "next", "again"), link("again", "next", "consent")],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  for (const locale of ["de", "en"] as const) {
    it(`flags a second consent for the same purpose whose decline still leads to the data question (${locale})`, () => {
      const prefix = compliantPrefix(["lead"]);
      const question = locale === "de" ? "Wie lautet deine E-Mail-Adresse?" : "What is your email address?";
      const doc = (declineTo: string) =>
        flow(
          [...prefix.nodes, step("consent", "again", { purposes: ["lead"] }), step("input", "email", { text: question })],
          [...prefix.edges, link("consent", "accept", "again"), link("again", "accept", "email"), link("again", "decline", declineTo)],
          { locale },
        );
      const findings = findingsOf(RULE, doc("email"));
      expect(findings.map((d) => d.nodeId)).toEqual(["email"]);
      expect(findings[0].path).toEqual(["start", "disclosure", "privacy", "consent", "again", "email"]);
      expect(findings[0].message).toContain(locale === "de" ? "„Nein“" : '"no"');
      // Passing counterpart: the second "no" ends the conversation politely.
      expect(findingsOf(RULE, doc("declined"))).toEqual([]);
    });

    it(`flags data after a decline that loops back into the same consent (${locale})`, () => {
      const prefix = compliantPrefix(["lead"]);
      const nag = step("message", "nag", { text: locale === "de" ? "Bitte stimm doch zu." : "Please agree." });
      const doc = flow(
        [...prefix.nodes, nag, step("input", "email")],
        [
          ...prefix.edges.filter((e) => e.sourceHandle !== "decline"),
          link("consent", "decline", "nag"),
          link("nag", "next", "consent"),
          link("consent", "accept", "email"),
        ],
        { locale },
      );
      const findings = findingsOf(RULE, doc);
      expect(findings.map((d) => d.nodeId)).toEqual(["email"]);
      // The witness goes through the "no" and the second ask: a no stays a no.
      expect(findings[0].path).toEqual(["start", "disclosure", "privacy", "consent", "nag", "consent", "email"]);
      const fine = flow([...prefix.nodes, step("input", "email")], [...prefix.edges, link("consent", "accept", "email")], { locale });
      expect(findingsOf(RULE, fine)).toEqual([]);
    });

    it(`flags a webhook with an empty purpose sending the user id before any consent (${locale})`, () => {
      const hook = step("webhook", "hook", { purpose: "", sends: ["userId"], url: "https://tracker.example.net/collect", processor: "" });
      const before = flow(
        [step("start", "start"), step("botDisclosure", "disclosure"), step("privacyNotice", "privacy"), hook, step("end", "e")],
        [
          link("start", "next", "disclosure"),
          link("disclosure", "next", "privacy"),
          link("privacy", "next", "hook"),
          link("hook", "success", "e"),
          link("hook", "failure", "e"),
        ],
        { locale },
      );
      const findings = findingsOf(RULE, before);
      expect(findings.map((d) => d.nodeId)).toEqual(["hook"]);
      expect(findings[0].params).toMatchObject({ noPurpose: true });
      expect(findings[0].message).toContain(locale === "de" ? "keinen Zweck" : "names no purpose");

      // Passing counterpart (for this rule): behind an accepted consent; `data.purpose` still asks for the purpose.
      const prefix = compliantPrefix(["lead"]);
      const after = flow(
        [...prefix.nodes, hook, step("end", "e")],
        [...prefix.edges, link("consent", "accept", "hook"), link("hook", "success", "e"), link("hook", "failure", "e")],
        { locale },
      );
      expect(findingsOf(RULE, after)).toEqual([]);
    });
  }

  it("counts a decline after an accept: the later no wins", () => {
    const prefix = compliantPrefix(["marketing"]);
    const doc = flow(
      [...prefix.nodes, step("consent", "confirm", { purposes: ["marketing"] }), step("subscribe", "sub")],
      [...prefix.edges, link("consent", "accept", "confirm"), link("confirm", "accept", "sub"), link("confirm", "decline", "sub")],
    );
    expect(flaggedSteps(RULE, doc)).toEqual(["sub"]);
  });
});

describe(`${RULE}: advertising read from the words`, () => {
  const adFlow = (locale: "de" | "en", data: Parameters<typeof step<"message">>[2]) => {
    const prefix = compliantPrefix(["lead"]);
    return flow([...prefix.nodes, step("message", "ad", data)], [...prefix.edges, link("consent", "accept", "ad")], { locale });
  };

  it("flags '30 % Rabatt – jetzt kaufen!' marked as not promotional, naming the words (de, en)", () => {
    const [de] = findingsOf(RULE, adFlow("de", { text: "30 % Rabatt – jetzt kaufen!", promotional: false }));
    expect(de).toMatchObject({ rule: RULE, severity: "error", nodeId: "ad" });
    expect(de.message).toContain("ist Werbung („30 % Rabatt“ und „jetzt kaufen“)");
    const [en] = findingsOf(RULE, adFlow("en", { text: "30 % discount – buy now!", promotional: false }));
    expect(en.message).toContain('is advertising ("30 % discount" and "buy now")');
  });

  it("turns it into a warning naming the reason when notAdvertisingReason is given", () => {
    const [finding] = findingsOf(
      RULE,
      adFlow("de", {
        text: "30 % Rabatt für Bestandskunden laut Vertrag",
        promotional: false,
        notAdvertisingReason: "Vertragsinhalt, keine Werbung",
      }),
    );
    expect(finding).toMatchObject({ rule: RULE, severity: "warning", nodeId: "ad" });
    expect(finding.message).toContain("„Vertragsinhalt, keine Werbung“");
    expect(findingsOf(RULE, adFlow("de", { text: "30 % Rabatt!", promotional: false, notAdvertisingReason: "  " }))[0].severity).toBe(
      "error",
    );
  });

  it("lets a service message with a quote request pass", () => {
    expect(findingsOf(RULE, adFlow("de", { text: "Möchten Sie ein Angebot einholen?", promotional: false }))).toEqual([]);
    expect(findingsOf(RULE, adFlow("en", { text: "Would you like to request a quote?", promotional: false }))).toEqual([]);
  });
});
