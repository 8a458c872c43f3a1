import { describe, expect, it } from "vitest";
import de from "@/i18n/messages/de/common.json";
import en from "@/i18n/messages/en/common.json";
import { ZLegalSettings } from "./legal";

const empty = { controllerName: "", controllerAddress: "", impressumUrl: "", privacyPolicyUrl: "", privacyContact: "", processors: [] };

function messageFor(field: "impressumUrl" | "privacyPolicyUrl", value: string): string {
  const result = ZLegalSettings.safeParse({ ...empty, [field]: value });
  expect(result.success).toBe(false);
  return result.error!.issues.find((issue) => issue.path[0] === field)!.message;
}

const worded = (catalogue: typeof de, key: string) => catalogue.validation[key.replace("validation.", "") as keyof typeof de.validation];

describe("legal settings links", () => {
  it("a bad privacy policy link is explained with a privacy policy example, a bad Impressum link with an Impressum one", () => {
    for (const value of ["http://www.firma.de/datenschutz", "https://localhost/datenschutz"]) {
      const privacy = messageFor("privacyPolicyUrl", value);
      expect(worded(de, privacy)).toContain("/datenschutz");
      expect(worded(de, privacy)).not.toContain("impressum");
      expect(worded(en, privacy)).toContain("/privacy");
      expect(worded(en, privacy)).not.toContain("imprint");
      const impressum = messageFor("impressumUrl", value);
      expect(worded(de, impressum)).toContain("/impressum");
      expect(worded(en, impressum)).toContain("/imprint");
    }
  });
});
