import { describe, expect, it } from "vitest";
import { isCommonPassword, passwordProblem } from "./passwordStrength";

describe("password strength", () => {
  it.each([
    "password12",
    "Password1!",
    "Passwort123!",
    "qwertzuiop1",
    "Sommer2026!",
    "iloveyou!!1",
    "123456Sicher!!",
    "Passwort+4915112345678",
  ])("refuses %j", (password) => {
    expect(passwordProblem(password)).not.toBeNull();
  });

  it.each(["correct-horse-7", "hallo-welt-42", "Tr0ub4dor&3x", "Sicher-ab12cd34-2026!"])("accepts %j", (password) => {
    expect(passwordProblem(password)).toBeNull();
  });

  it("finds listed passwords with digits or symbols around them", () => {
    expect(isCommonPassword("password")).toBe(true);
    expect(isCommonPassword("!!Password2026")).toBe(true);
    expect(isCommonPassword("hallo-welt-42")).toBe(false);
  });

  it("does not call a password common when what surrounds the listed word is itself hard to guess", () => {
    // "sicher" is on the list; twelve random digits around it are not a common password.
    expect(isCommonPassword("Sicher-410565333551-2026!")).toBe(false);
    expect(passwordProblem("Sicher-410565333551-2026!")).toBeNull();
    expect(isCommonPassword("2026-Sicher-9!")).toBe(true);
    expect(isCommonPassword("Sommer2026!")).toBe(true);
  });

  it("refuses a password made of the person's own name or address", () => {
    expect(passwordProblem("anna.mueller@example.com", ["Anna Müller", "anna.mueller@example.com"])).not.toBeNull();
  });
});
