import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("CSV", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(new Date("2026-01-02T03:04:05.000Z"))).toBe("2026-01-02T03:04:05.000Z");
  });

  it("neutralises cells a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+49 30 123")).toBe("'+49 30 123");
    expect(csvCell("-1+1")).toBe("'-1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(csvCell("-HYPERLINK(1)")).toBe("'-HYPERLINK(1)");
  });

  it("finding 8: leaves ids and numbers that start with a dash as they are", () => {
    expect(csvCell("-x7Yq_aB3-k")).toBe("-x7Yq_aB3-k");
    expect(csvCell("-3.5")).toBe("-3.5");
    expect(csvCell("+49")).toBe("+49");
  });

  it("writes a header, CRLF rows and a byte order mark for Excel", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["Müller", 1],
          ["x,y", null],
        ],
      ),
    ).toBe('\uFEFFa,b\r\nMüller,1\r\n"x,y",\r\n');
  });
});
