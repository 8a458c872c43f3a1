import { createTranslator } from "use-intl/core";
import deRules from "../../i18n/messages/de/rules.json";
import enRules from "../../i18n/messages/en/rules.json";
import deSteps from "../../i18n/messages/de/steps.json";
import enSteps from "../../i18n/messages/en/steps.json";
import type { Locale, NodeType } from "./schema";

/*
 * The one way core/ turns data into words: the `rules` catalogue of the app's message
 * files (ICU syntax, the same files the UI uses) and, for the names of step types and
 * outputs, the `steps` catalogue the editor shows too, formatted with the translator next-intl
 * itself is built on. It runs unchanged in the browser, the server, the CLI and exports,
 * so a finding is stored as data and put into words only where someone reads it.
 */

/** A step named inside a sentence: its type label and a short quote of its text. */
export interface StepRef {
  readonly kind: "step";
  readonly id: string;
  readonly type: NodeType;
  /** Title or main text, shortened; empty when the step has none. */
  readonly quote: string;
}

/** A purpose of the flow: the marketer's own label, empty when the purpose is not declared. */
export interface PurposeRef {
  readonly kind: "purpose";
  readonly id: string;
  readonly label: string;
}

/** Another entry of the catalogue, e.g. the name of an output or one problem in a list. */
export interface TermRef {
  readonly kind: "term";
  /** Key inside the `rules` catalogue, e.g. `graph.deadEnd.handles.accept`. */
  readonly key: string;
  readonly params?: MessageParams;
  /** Shown when the catalogue has no such key (e.g. a category id from a newer flow). */
  readonly fallback?: string;
}

/** An output of a step by its handle, named as the editor labels it, in quotes. */
export interface OutputRef {
  readonly kind: "output";
  readonly handle: string;
}

/** A text of the flow quoted in the reader's style („…“ or "…"). */
export interface QuoteRef {
  readonly kind: "quote";
  readonly text: string;
}

/** A value a message is built from: plain JSON, never a finished sentence. Arrays become "a, b and c". */
export type MessageParam =
  string | number | boolean | null | readonly MessageParam[] | StepRef | PurposeRef | TermRef | QuoteRef | OutputRef;
export type MessageParams = { readonly [name: string]: MessageParam };

const CATALOGUES = { de: deRules.rules, en: enRules.rules } as const;
const STEP_CATALOGUES = { de: deSteps.steps, en: enSteps.steps } as const;
/** Lists are joined as people of the locale write them ("a, b und c" / "a, b and c"). */
const LIST_LOCALES: Record<Locale, string> = { de: "de-DE", en: "en-GB" };

type Translate = (key: string, values?: Record<string, string | number>) => string;
interface Formatter {
  translate: Translate;
  has(key: string): boolean;
  /** In the `steps` catalogue: `types.<type>` and `outputs.<handle>`. */
  step: Translate;
  hasStep(key: string): boolean;
  list: Intl.ListFormat;
}

const formatters = new Map<Locale, Formatter>();

function formatterFor(locale: Locale): Formatter {
  let formatter = formatters.get(locale);
  if (formatter === undefined) {
    const t = createTranslator({ locale: LIST_LOCALES[locale], messages: { rules: CATALOGUES[locale] }, namespace: "rules" });
    const steps = createTranslator({ locale: LIST_LOCALES[locale], messages: { steps: STEP_CATALOGUES[locale] }, namespace: "steps" });
    formatter = {
      translate: t as unknown as Translate,
      has: (key) => (t.has as (key: string) => boolean)(key),
      step: steps as unknown as Translate,
      hasStep: (key) => (steps.has as (key: string) => boolean)(key),
      list: new Intl.ListFormat(LIST_LOCALES[locale], { type: "conjunction" }),
    };
    formatters.set(locale, formatter);
  }
  return formatter;
}

/** One parameter in words. */
export function formatParam(locale: Locale, value: MessageParam): string | number {
  if (value === null) return "";
  if (typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  const formatter = formatterFor(locale);
  if (Array.isArray(value)) return formatter.list.format(value.map((item) => String(formatParam(locale, item))));
  const ref = value as StepRef | PurposeRef | TermRef | QuoteRef | OutputRef;
  switch (ref.kind) {
    case "step": {
      const type = formatter.step(`types.${ref.type}`);
      return ref.quote === "" ? type : formatter.translate("step", { type, quote: ref.quote });
    }
    case "purpose":
      if (ref.label !== "") return ref.label;
      return formatter.has(`purposes.${ref.id}`) ? formatter.translate(`purposes.${ref.id}`) : ref.id;
    case "quote":
      return formatter.translate("quote", { text: ref.text });
    case "output":
      return formatOutput(formatter, ref.handle);
    case "term": {
      // Reports stored before output names moved to the `steps` catalogue.
      const handle = LEGACY_OUTPUT_KEY.exec(ref.key)?.[1];
      if (handle !== undefined) return formatOutput(formatter, handle);
      return formatMessage(locale, ref.key, ref.params, ref.fallback);
    }
  }
}

const LEGACY_OUTPUT_KEY = /^graph\.deadEnd\.handles\.(.+)$/;

/** A choice option's id is its own name; fixed outputs have catalogue names. */
function formatOutput(formatter: Formatter, handle: string): string {
  const name = formatter.hasStep(`outputs.${handle}`) ? formatter.step(`outputs.${handle}`) : handle;
  return formatter.translate("quote", { text: name });
}

/**
 * Formats the catalogue entry `key` (inside `rules`) with `params` in `locale`.
 * A key the catalogue lacks yields `fallback`, else the key itself, never an exception:
 * a report stored by a newer version must still be readable.
 */
export function formatMessage(locale: Locale, key: string, params: MessageParams = {}, fallback?: string): string {
  const formatter = formatterFor(locale);
  if (!formatter.has(key)) return fallback ?? key;
  const values: Record<string, string | number> = {};
  for (const name in params) values[name] = formatParam(locale, params[name]);
  return formatter.translate(key, values);
}

/** Shorthand for a catalogue entry used as a parameter. */
export function term(key: string, params?: MessageParams, fallback?: string): TermRef {
  return params === undefined && fallback === undefined ? { kind: "term", key } : { kind: "term", key, params, fallback };
}

/** Shorthand for an output named in a sentence. */
export function output(handle: string): OutputRef {
  return { kind: "output", handle };
}

/** Shorthand for a quoted text of the flow. */
export function quoted(text: string): QuoteRef {
  return { kind: "quote", text };
}
