import { describe, expect, it } from "vitest";
import { findingsOf, flow, step } from "../testFlows";

const RULE = "disclosure.text";

const disclosure = (locale: "de" | "en", text: string) => flow([step("botDisclosure", "d", { text })], [], { locale });

describe(RULE, () => {
  it("flags a greeting that does not say it is a bot, and an empty text (de, en)", () => {
    for (const locale of ["de", "en"] as const) {
      for (const text of ["Hi! 😊", "", "   "]) {
        const [finding] = findingsOf(RULE, disclosure(locale, text));
        expect(finding, `${locale}: ${text}`).toMatchObject({ rule: RULE, severity: "error", nodeId: "d" });
      }
    }
    expect(findingsOf(RULE, disclosure("de", "Hi! 😊"))[0].message).toContain("automatischer Assistent");
    expect(findingsOf(RULE, disclosure("en", ""))[0].message).toContain("is empty");
  });

  it("flags a human claim and names its words", () => {
    const [en] = findingsOf(RULE, disclosure("en", "I'm Lisa, sitting at my desk"));
    expect(en.params.words).toEqual([{ kind: "quote", text: "sitting at my desk" }]);
    expect(en.message).toContain('"sitting at my desk"');
    const [de] = findingsOf(RULE, disclosure("de", "Ich bin Lisa und sitze am Schreibtisch, ich bin ein Bot."));
    expect(de.message).toContain("„sitze am Schreibtisch“");
    expect(de.message).toMatch(/gibt sich als Mensch aus/);
  });

  it("accepts a disclosure, also with a negated human word ('kein Mensch', 'not a human')", () => {
    expect(findingsOf(RULE, disclosure("de", "Hallo! Ich bin der automatische Assistent von {company} — kein Mensch."))).toEqual([]);
    expect(findingsOf(RULE, disclosure("de", "Ich bin Lisa, ein Chatbot."))).toEqual([]);
    expect(findingsOf(RULE, disclosure("en", "Hi! I am the automated assistant of {company}, not a human."))).toEqual([]);
    expect(findingsOf(RULE, disclosure("en", "I'm Lisa, a virtual assistant."))).toEqual([]);
  });

  it("flags a bot that denies being one", () => {
    expect(findingsOf(RULE, disclosure("en", "I'm not a bot, I'm a real person!"))).toHaveLength(1);
    expect(findingsOf(RULE, disclosure("de", "Ich bin kein Bot, sondern ein echter Mensch."))).toHaveLength(1);
  });

  it("flags a re-disclosure after a handoff that only says 'Weiter geht's!'", () => {
    expect(findingsOf(RULE, disclosure("de", "Weiter geht's!"))).toHaveLength(1);
    expect(findingsOf(RULE, disclosure("en", "Let's go on!"))).toHaveLength(1);
    expect(findingsOf(RULE, disclosure("de", "Du schreibst jetzt wieder mit dem automatischen Assistenten — kein Mensch."))).toEqual([]);
  });
});
