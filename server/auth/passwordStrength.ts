import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as de from "@zxcvbn-ts/language-de";
import * as en from "@zxcvbn-ts/language-en";
import { AppError } from "@/server/errors";

/*
 * New passwords are judged by zxcvbn-ts (pattern matching against common passwords,
 * English and German words and names, keyboard walks, dates, l33t) rather than by
 * character classes: `Password1!` has every class and is guessed at once. Only the
 * server judges (the dictionaries weigh megabytes, too much for the sign-up page).
 */

/** zxcvbn's score: 3 is "safely unguessable: moderate protection from offline attacks". */
export const MIN_SCORE = 3;
/** zxcvbn's matching grows with length; past this the rest of a password only adds strength. */
const JUDGED_LENGTH = 64;
/** What is added around a listed word is judged up to this length (see `isCommonPassword`). */
const ADDED_JUDGED_LENGTH = 32;
/** zxcvbn's top score: "very unguessable". */
const TOP_SCORE = 4;

function prefixed(prefix: string, dictionary: Record<string, string[]>) {
  return Object.fromEntries(Object.entries(dictionary).map(([name, words]) => [`${prefix}-${name}`, words]));
}

let factory: ZxcvbnFactory | undefined;
let commonPasswords: Set<string> | undefined;

function estimator() {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...prefixed("en", en.dictionary), ...prefixed("de", de.dictionary) },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  commonPasswords ??= new Set(common.dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return { factory, commonPasswords };
}

/**
 * The common-password list's view: a listed password, or one with digits or symbols added
 * before or after it that are themselves guessable (`Password2026!`). What is added counts:
 * `Sicher-410565333551-2026!` has a listed word at its core but twelve random digits around it.
 * The word adds next to nothing, so the added part alone must reach the top score (a phone
 * number such as `+4915112345678` does not).
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  const { commonPasswords: list, factory: judge } = estimator();
  if (list.has(lower)) return true;
  const match = /^([\d\p{P}\p{S}\s]*)(.*?)([\d\p{P}\p{S}\s]*)$/su.exec(lower);
  const [, before = "", core = "", after = ""] = match ?? [];
  if (core.length < 4 || !list.has(core)) return false;
  // Its first characters decide: past ADDED_JUDGED_LENGTH the rest only adds strength, and zxcvbn's time grows with length.
  const added = (before + after).slice(0, ADDED_JUDGED_LENGTH);
  return judge.check(added).score < TOP_SCORE;
}

/** null when the password is strong enough, else the validation key the form shows. */
export function passwordProblem(
  password: string,
  userInputs: string[] = [],
): "validation.passwordCommon" | "validation.passwordGuessable" | null {
  if (isCommonPassword(password)) return "validation.passwordCommon";
  const inputs = userInputs.flatMap((input) => [input, ...input.toLowerCase().split(/[^\p{L}\p{N}]+/u)]).filter((s) => s.length >= 3);
  const { score } = estimator().factory.check(password.slice(0, JUDGED_LENGTH), inputs);
  return score < MIN_SCORE ? "validation.passwordGuessable" : null;
}

/** Throws INVALID_INPUT at the password field for a weak or common password. */
export function assertStrongPassword(password: string, userInputs: string[] = []): void {
  const problem = passwordProblem(password, userInputs);
  if (problem) throw new AppError("INVALID_INPUT", problem, { field: "password" });
}
