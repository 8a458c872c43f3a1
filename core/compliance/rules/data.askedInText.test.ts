import { describe, expect, it } from "vitest";
import { findingsOf, flow, step } from "../testFlows";

const RULE = "data.askedInText";

describe(RULE, () => {
  it("warns about a message that asks for a phone number in free text and names the words (de, en)", () => {
    const de = flow([step("message", "m", { text: "Schick uns deine Telefonnummer, wir rufen zurück." })], [], { locale: "de" });
    const [finding] = findingsOf(RULE, de);
    expect(finding).toMatchObject({ rule: RULE, severity: "warning", nodeId: "m" });
    expect(finding.message).toContain("„Schick uns deine Telefonnummer“");
    const en = flow([step("end", "e", { text: "Please send us your email address and we will reply." })], []);
    expect(findingsOf(RULE, en)[0].message).toContain('"send us your email"');
  });

  it("warns about a choice text asking for it", () => {
    const doc = flow([step("choice", "c", { text: "Wie ist Ihre Handynummer? Oder lieber Rückruf?" })], [], { locale: "de" });
    expect(findingsOf(RULE, doc).map((d) => d.nodeId)).toEqual(["c"]);
  });

  it("lets texts that only mention data pass, and the input step that asks", () => {
    const doc = flow(
      [
        step("message", "m1", { text: "Wir schicken dir gleich eine E-Mail." }),
        step("message", "m2", { text: "Danke, {{name}}! Wir melden uns unter {{email}}." }),
        step("input", "i", { text: "Schick uns deine Telefonnummer.", inputType: "phone" }),
      ],
      [],
      { locale: "de" },
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("reads words in braces that are no variable, since the bot sends them as they are", () => {
    // "{{ … }}" with spaces inside names no variable: the runtime leaves it in the message, so the checker reads it.
    const doc = flow([step("message", "m", { text: "{{ Schick uns deine Telefonnummer }}" })], [], { locale: "de" });
    expect(findingsOf(RULE, doc).map((d) => d.nodeId)).toEqual(["m"]);
    // A variable is filled in, so its name is not a request.
    expect(findingsOf(RULE, flow([step("message", "m", { text: "{{Telefonnummer}}" })], [], { locale: "de" }))).toEqual([]);
  });
});
