import { describe, expect, it } from "vitest";
import { isPublicHost, isRegistrableDomain, publicHttpsUrlProblem } from "./hosts";

describe("isPublicHost", () => {
  const cases: [string, boolean][] = [
    ["example.com", true],
    ["localhost", false],
    ["co.uk", false],
    ["www.example.co.uk", true],
    ["127.0.0.1", false],
    ["[::1]", false],
    ["example.com.", true],
    ["github.io", false],
    ["alice.github.io", true],
    ["printer.local", false],
    ["", false],
  ];

  it("answers every host for itself, the first time and again from the remembered answers", () => {
    for (let round = 0; round < 3; round++) {
      expect(cases.map(([host]) => [host, isPublicHost(host)])).toEqual(cases);
      // The other order too: an answer remembered for one host is never given for another.
      expect([...cases].reverse().map(([host]) => [host, isPublicHost(host)])).toEqual([...cases].reverse());
    }
  });

  it("keeps answering rightly after more hosts than it remembers", () => {
    for (let i = 0; i < 2_500; i++) {
      expect(isPublicHost(`shop${i}.example.com`)).toBe(true);
      expect(isPublicHost(`shop${i}`)).toBe(false);
    }
    expect(cases.map(([host]) => [host, isPublicHost(host)])).toEqual(cases);
  });

  it("is what the workspace rules see through domains and URLs", () => {
    expect(isRegistrableDomain("https://www.Example.com/")).toBe(true);
    expect(isRegistrableDomain("co.uk")).toBe(false);
    expect(publicHttpsUrlProblem("https://localhost/impressum")).toBe("notPublic");
    expect(publicHttpsUrlProblem("https://www.example.com/impressum")).toBeNull();
  });
});
