import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, STANDARD_OPT_OUT_KEYWORDS } from "../flow";
import { autofix } from "./autofix";
import { formatDiagnostic } from "./format";
import { compliantPrefix, flow, link, step } from "./testFlows";
import { validate } from "./validate";

const errorsOf = (doc: Parameters<typeof validate>[0]) => validate(doc).filter((d) => d.severity === "error");

describe("autofix", () => {
  it("inserts a bot disclosure directly after the start", () => {
    const doc = flow([step("start", "s"), step("message", "hi"), step("end", "e")], [link("s", "next", "hi"), link("hi", "next", "e")]);
    const { document, inserted } = autofix(doc);
    expect(inserted).toEqual([
      expect.objectContaining({ nodeId: "bot-disclosure-s", type: "botDisclosure", rule: "disclosure.first", beforeNodeId: "hi" }),
    ]);
    const edges = document.edges.map((e) => `${e.source}.${e.sourceHandle}->${e.target}`);
    expect(edges).toEqual(expect.arrayContaining(["s.next->bot-disclosure-s", "bot-disclosure-s.next->hi"]));
    // The original edge keeps its id; only its source moved onto the new step.
    expect(document.edges.find((e) => e.id === "s.next->hi")?.source).toBe("bot-disclosure-s");
  });

  it("moves only the uncovered incoming edges onto the inserted step", () => {
    const doc = flow(
      [
        step("start", "s"),
        step("botDisclosure", "d"),
        step("condition", "k"),
        step("privacyNotice", "p"),
        step("input", "email"),
        step("end", "e"),
      ],
      [
        link("s", "next", "d"),
        link("d", "next", "k"),
        link("k", "true", "p"),
        link("p", "next", "email"),
        link("k", "false", "email"),
        link("email", "next", "e"),
      ],
    );
    const { document, inserted } = autofix(doc, { legal: EXAMPLE_LEGAL });
    const privacy = inserted.find((entry) => entry.rule === "privacy.beforeData");
    expect(privacy).toMatchObject({ type: "privacyNotice", beforeNodeId: "email" });
    const targetOf = (id: string) => document.edges.find((e) => e.id === id)?.target;
    expect(targetOf("p.next->email")).not.toBe(privacy?.nodeId); // covered side stays on V
    expect(document.edges.find((e) => e.id === "k.false->email")?.target).toBe(privacy?.nodeId);
    expect(errorsOf(document)).toEqual([]);
  });

  it("names a standard opt-out keyword in an inserted consent's hint, never only the flow's custom code", () => {
    const doc = flow(
      [step("start", "s"), step("botDisclosure", "d"), step("privacyNotice", "p"), step("subscribe", "sub"), step("end", "e")],
      [link("s", "next", "d"), link("d", "next", "p"), link("p", "next", "sub"), link("sub", "next", "e")],
    );
    for (const locale of ["de", "en"] as const) {
      const custom = { ...doc, locale, settings: { ...doc.settings, optOut: { keywords: ["XQZ-UNSUB-9"], confirmation: "Bye" } } };
      const consent = autofix(custom, { legal: EXAMPLE_LEGAL }).document.nodes.find((n) => n.type === "consent");
      expect(consent?.type === "consent" && consent.data.withdrawalHint).toContain(STANDARD_OPT_OUT_KEYWORDS[locale][0]);
      expect(consent?.type === "consent" && consent.data.withdrawalHint).not.toContain("XQZ");
    }
  });

  it("inserts a consent whose accept leads on and whose decline ends politely, naming the controller", () => {
    const doc = flow(
      [step("start", "s"), step("botDisclosure", "d"), step("privacyNotice", "p"), step("subscribe", "sub"), step("end", "e")],
      [link("s", "next", "d"), link("d", "next", "p"), link("p", "next", "sub"), link("sub", "next", "e")],
      { locale: "de" },
    );
    const { document, inserted } = autofix(doc, { legal: EXAMPLE_LEGAL });
    expect(inserted.map((entry) => entry.type)).toEqual(["consent", "end"]);
    const consent = document.nodes.find((n) => n.id === inserted[0].nodeId);
    expect(consent?.type).toBe("consent");
    if (consent?.type !== "consent") return;
    expect(consent.data.purposes).toEqual(["marketing"]);
    expect(consent.data.text).toContain("Beispiel GmbH");
    // How to withdraw is said once, in the hint shown right under the text.
    expect(consent.data.withdrawalHint).toContain("STOP");
    const out = (handle: string) => document.edges.find((e) => e.source === consent.id && e.sourceHandle === handle)?.target;
    expect(out("accept")).toBe("sub");
    expect(document.nodes.find((n) => n.id === out("decline"))?.type).toBe("end");
    expect(inserted[0].reason).toMatchObject({ rule: "consent.beforeData", nodeId: "sub" });
    expect(formatDiagnostic(inserted[0].reason, "de")).toContain("„Newsletter“");
    expect(errorsOf(document)).toEqual([]);
  });

  it("inserts an explicit consent for special categories", () => {
    const doc = flow(
      [
        step("start", "s"),
        step("botDisclosure", "d"),
        step("privacyNotice", "p"),
        step("consent", "c"),
        step("input", "h", { specialCategory: "health", variable: "h" }),
        step("end", "x"),
        step("end", "no"),
      ],
      [
        link("s", "next", "d"),
        link("d", "next", "p"),
        link("p", "next", "c"),
        link("c", "accept", "h"),
        link("c", "decline", "no"),
        link("h", "next", "x"),
      ],
    );
    const { document, inserted } = autofix(doc);
    const consent = document.nodes.find((n) => n.id === inserted[0].nodeId);
    expect(inserted[0].rule).toBe("consent.special");
    expect(consent?.type === "consent" && consent.data).toMatchObject({ explicit: true, categories: ["health"], purposes: ["lead"] });
    expect(errorsOf(document)).toEqual([]);
  });

  it("re-discloses the bot after a handoff and fills opt-out defaults when it adds a consent", () => {
    const doc = flow(
      [step("start", "s"), step("botDisclosure", "d"), step("handoff", "h"), step("message", "back"), step("end", "e")],
      [link("s", "next", "d"), link("d", "next", "h"), link("h", "next", "back"), link("back", "next", "e")],
      { settings: { optOut: { keywords: [], confirmation: "" }, redisclosureAfterHours: 24 } },
    );
    const { document, inserted } = autofix(doc);
    expect(inserted).toEqual([expect.objectContaining({ type: "botDisclosure", rule: "disclosure.afterHandoff", beforeNodeId: "back" })]);
    expect(document.settings).toEqual(doc.settings); // no consent added, settings untouched

    const withData = flow(
      [...doc.nodes, step("input", "i", { variable: "i" })],
      [...doc.edges.filter((e) => e.target !== "e"), link("back", "next", "i"), link("i", "next", "e")],
      { settings: doc.settings },
    );
    const fixed = autofix(withData).document;
    expect(fixed.settings.optOut.keywords).toEqual(["STOP", "STOPP", "ABMELDEN"]);
    expect(errorsOf(fixed)).toEqual([]);
  });

  it("returns the same document when there is nothing to fix, and never mutates its input", () => {
    const doc = flow([step("start", "s"), step("botDisclosure", "d"), step("end", "e")], [link("s", "next", "d"), link("d", "next", "e")]);
    const copy = JSON.parse(JSON.stringify(doc));
    expect(autofix(doc)).toEqual({ document: doc, inserted: [], moved: [], removed: [] });
    const broken = flow([step("start", "s"), step("message", "m")], [link("s", "next", "m")]);
    const brokenCopy = JSON.parse(JSON.stringify(broken));
    autofix(broken);
    expect(broken).toEqual(brokenCopy);
    expect(doc).toEqual(copy);
  });

  it("keeps new ids unique when the natural id is taken", () => {
    const doc = flow(
      [step("start", "s"), step("message", "bot-disclosure-s"), step("message", "m")],
      [link("s", "next", "m"), link("m", "next", "bot-disclosure-s")],
    );
    const { document, inserted } = autofix(doc);
    expect(inserted[0].nodeId).toBe("bot-disclosure-s-2");
    expect(new Set(document.nodes.map((n) => n.id)).size).toBe(document.nodes.length);
  });

  it("ends a declined way politely instead of asking again: a decline looping back into the same consent", () => {
    const prefix = compliantPrefix(["lead"]);
    const doc = flow(
      [...prefix.nodes, step("message", "nag"), step("input", "email", { variable: "email" }), step("end", "e")],
      [
        ...prefix.edges.filter((e) => e.sourceHandle !== "decline"),
        link("consent", "decline", "nag"),
        link("nag", "next", "consent"),
        link("consent", "accept", "email"),
        link("email", "next", "e"),
      ],
      { locale: "de" },
    );
    const { document, inserted } = autofix(doc, { legal: EXAMPLE_LEGAL });
    // No consent inserted after the no: the nagging edge now goes to a polite end.
    expect(inserted.map((i) => i.type)).toEqual(["end"]);
    const nagEdge = document.edges.find((e) => e.id === "nag.next->consent")!;
    expect(document.nodes.find((n) => n.id === nagEdge.target)).toMatchObject({ type: "end" });
    expect(document.nodes.filter((n) => n.type === "consent")).toHaveLength(1);
    expect(errorsOf(document)).toEqual([]);

    // The editor's automatic insertion leaves the drawn connection alone; the finding stays.
    const kept = autofix(doc, { legal: EXAMPLE_LEGAL, keepDeclinedWays: true });
    expect(kept.document).toBe(doc);
    expect(
      errorsOf(kept.document)
        .map((d) => d.rule)
        .sort(),
    ).toEqual(["consent.beforeData", "consent.freelyGiven"]);
  });

  it("ends the way after a second consent's decline instead of leading to the data", () => {
    const prefix = compliantPrefix(["lead"]);
    const doc = flow(
      [...prefix.nodes, step("consent", "again"), step("input", "email", { variable: "email" }), step("end", "e")],
      [
        ...prefix.edges,
        link("consent", "accept", "again"),
        link("again", "accept", "email"),
        link("again", "decline", "email"),
        link("email", "next", "e"),
      ],
    );
    const { document } = autofix(doc, { legal: EXAMPLE_LEGAL });
    const declined = document.edges.find((e) => e.id === "again.decline->email")!;
    expect(document.nodes.find((n) => n.id === declined.target)?.type).toBe("end");
    expect(document.edges.find((e) => e.id === "again.accept->email")?.target).toBe("email");
    expect(errorsOf(document)).toEqual([]);
  });

  it("keeps an input's invalid loop on the input: a typo is asked again without notice or consent", () => {
    const doc = flow(
      [
        step("start", "s"),
        step("botDisclosure", "d"),
        step("input", "email", { variable: "email" }),
        step("message", "oops"),
        step("end", "e"),
      ],
      [
        link("s", "next", "d"),
        link("d", "next", "email"),
        link("email", "invalid", "oops"),
        link("oops", "next", "email"),
        link("email", "next", "e"),
      ],
    );
    const { document, inserted } = autofix(doc, { legal: EXAMPLE_LEGAL });
    expect(inserted.map((i) => i.type)).toEqual(["privacyNotice", "consent", "end"]);
    expect(document.edges.find((e) => e.id === "oops.next->email")?.target).toBe("email");
    expect(document.edges.find((e) => e.id === "d.next->email")?.target).toBe(inserted[0].nodeId);
    expect(errorsOf(document)).toEqual([]);
  });

  it("reuses the notice and consent a question was dropped in front of, instead of asking twice", () => {
    const doc = flow(
      [
        step("start", "start"),
        step("botDisclosure", "disclosure"),
        step("input", "email", { variable: "email" }),
        step("privacyNotice", "privacy"),
        step("consent", "consent"),
        step("end", "declined", { text: "Bye" }),
        step("message", "welcome", { text: "Thanks, {{email}}" }),
        step("end", "e"),
      ],
      [
        link("start", "next", "disclosure"),
        link("disclosure", "next", "email"),
        link("email", "next", "privacy"),
        link("privacy", "next", "consent"),
        link("consent", "accept", "welcome"),
        link("consent", "decline", "declined"),
        link("welcome", "next", "e"),
      ],
    );
    const { document, inserted, moved } = autofix(doc, { legal: EXAMPLE_LEGAL });
    expect(inserted).toEqual([]);
    expect(moved.map((m) => [m.nodeId, m.beforeNodeId])).toEqual([
      ["privacy", "email"],
      ["consent", "email"],
    ]);
    const next = (id: string, handle = "next") => document.edges.find((e) => e.source === id && e.sourceHandle === handle)?.target;
    expect([next("disclosure"), next("privacy"), next("consent", "accept"), next("email")]).toEqual([
      "privacy",
      "consent",
      "email",
      "welcome",
    ]);
    expect(document.nodes).toHaveLength(doc.nodes.length);
    expect(errorsOf(document)).toEqual([]);
  });

  it("puts a privacy notice before every consent it inserts", () => {
    const doc = flow(
      [step("start", "s"), step("botDisclosure", "d"), step("message", "promo", { promotional: true }), step("end", "e")],
      [link("s", "next", "d"), link("d", "next", "promo"), link("promo", "next", "e")],
    );
    const { document, inserted } = autofix(doc, { legal: EXAMPLE_LEGAL });
    const consent = inserted.find((i) => i.type === "consent")!;
    const notice = inserted.find((i) => i.type === "privacyNotice")!;
    expect(notice.beforeNodeId).toBe(consent.nodeId);
    expect(document.edges.find((e) => e.source === notice.nodeId)?.target).toBe(consent.nodeId);
    expect(errorsOf(document)).toEqual([]);
  });

  it("removes a later consent its insertion made redundant, with the end of its no", () => {
    const doc = flow(
      [
        step("start", "s"),
        step("botDisclosure", "d"),
        step("privacyNotice", "p"),
        step("input", "email", { variable: "email" }),
        step("message", "thanks", { text: "Thanks, {{email}}" }),
        step("consent", "late"),
        step("end", "late-no", { text: "Bye" }),
        step("end", "e"),
      ],
      [
        link("s", "next", "d"),
        link("d", "next", "p"),
        link("p", "next", "email"),
        link("email", "next", "thanks"),
        link("thanks", "next", "late"),
        link("late", "accept", "e"),
        link("late", "decline", "late-no"),
      ],
    );
    const { document, inserted, removed } = autofix(doc, { legal: EXAMPLE_LEGAL });
    const consent = inserted.find((i) => i.type === "consent")!;
    expect(consent.beforeNodeId).toBe("email");
    expect(removed).toEqual([
      { nodeId: "late-no", replacedBy: consent.nodeId },
      { nodeId: "late", replacedBy: consent.nodeId },
    ]);
    expect(document.edges.find((e) => e.id === "thanks.next->late")?.target).toBe("e");
    expect(errorsOf(document)).toEqual([]);
  });
});
