import { describe, expect, it } from "vitest";
import { missingLegalFields } from "./legalCompleteness";

const complete = {
  controllerName: "Beispiel GmbH",
  controllerAddress: "Musterstraße 1, 10115 Berlin",
  impressumUrl: "https://www.example.com/impressum",
  privacyPolicyUrl: "https://www.example.com/datenschutz",
  privacyContact: "datenschutz@example.com",
};

describe("missing legal fields", () => {
  it("names every empty or blank required field in the form's order, and none when all are filled", () => {
    expect(missingLegalFields(complete)).toEqual([]);
    expect(missingLegalFields({ ...complete, impressumUrl: "", controllerName: "   " })).toEqual(["controllerName", "impressumUrl"]);
  });
});
