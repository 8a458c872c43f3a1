import type { Rule } from "../types";

/** Bounds of `redisclosureAfterHours`, inclusive. */
export const REDISCLOSURE_MIN_HOURS = 1;
export const REDISCLOSURE_MAX_HOURS = 24;

/**
 * `redisclosureAfterHours` is between 1 and 24. The runtime discloses the bot again
 * after that much silence; 0 used to switch re-disclosure off without a word, and a
 * week is no longer "after a significant lapse of time".
 */
export const disclosureRedisclosure: Rule = {
  id: "disclosure.redisclosure",
  severity: "error",
  needsLegal: false,
  basis: "Meta: disclose again after a significant lapse of time",
  check(context) {
    const hours = context.document.settings.redisclosureAfterHours;
    if (Number.isFinite(hours) && hours >= REDISCLOSURE_MIN_HOURS && hours <= REDISCLOSURE_MAX_HOURS) return [];
    return [
      {
        rule: this.id,
        severity: this.severity,
        nodeId: null,
        params: {
          hours,
          problem: hours < REDISCLOSURE_MIN_HOURS ? "tooShort" : "tooLong",
          min: REDISCLOSURE_MIN_HOURS,
          max: REDISCLOSURE_MAX_HOURS,
        },
      },
    ];
  },
};
