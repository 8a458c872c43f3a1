import type { NodeData } from "../flow";

type InputType = NodeData<"input">["inputType"];

/** Longest answer kept; longer input is cut (no one types more into a chat field). */
export const MAX_ANSWER_LENGTH = 1000;

const EMAIL = /^[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+\.[^\s@<>()[\]",;:.]{2,}$/;

/** A valid calendar date or null. */
function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Checks an answer against the input type and returns the value to store, or null
 * when it is not valid (the runtime then takes the `invalid` output). Dates are
 * stored as YYYY-MM-DD (typed as 2026-03-01, 1.3.2026 or 1/3/2026), numbers with a
 * dot, phone numbers without spaces.
 */
export function normalizeAnswer(inputType: InputType, raw: string): string | null {
  const value = raw.trim().slice(0, MAX_ANSWER_LENGTH);
  if (value === "") return null;
  switch (inputType) {
    case "text":
      return value;
    case "email":
      return value.length <= 254 && EMAIL.test(value) ? value : null;
    case "phone": {
      const compact = value.replace(/[\s\-()./]/g, "");
      return /^\+?\d{6,15}$/.test(compact) ? compact : null;
    }
    case "number":
      return /^[+-]?\d+([.,]\d+)?$/.test(value) ? value.replace(",", ".") : null;
    case "date": {
      let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
      if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
      match = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(value);
      if (match) return isoDate(Number(match[3]), Number(match[2]), Number(match[1]));
      return null;
    }
    default:
      return null;
  }
}
