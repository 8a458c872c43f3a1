import {
  advertisingWords,
  hasKind,
  hitsOf,
  lexiconReader,
  specialCategoriesOf,
  wordsOf,
  type LexiconHit,
  type TextReading,
} from "./lexicon";
import { IdIndex } from "./idIndex";
import { StepTable, type StepValues } from "./stepTable";
import { VariableCollector, type CollectedVariables } from "./variables";
import { MARKETING_PURPOSE, type FlowDocument, type Locale, type SpecialCategory } from "./schema";

/**
 * Inferred labels (rulebook version 2, "Terms"): what a step *is*, read from its
 * input type, variable name and words, not only from the flags a marketer set.
 * Every rule, autofix and the runtime classify steps through this one function, so
 * a flag can add a label but never hide evidence.
 *
 * Labels are looked up by a step's index in `document.nodes` (`StepValues.get`, or the
 * `textReadings` array); `null` means the label does not apply.
 */
export type EvidenceSource = "flag" | "inputType" | "variable" | "text" | "option" | "list" | "sends";

export interface LabelEvidence {
  source: EvidenceSource;
  /** The words that triggered the label, as the marketer wrote them (empty for flags). */
  words: string[];
}

export interface SpecialLabel {
  category: SpecialCategory;
  evidence: LabelEvidence;
}

export interface InferredLabels {
  /** Input steps that collect personal data. */
  readonly personal: StepValues<LabelEvidence>;
  /** Steps that touch special-category data (Art. 9): inputs, choices, subscribe lists, webhooks sending such a variable. */
  readonly special: StepValues<SpecialLabel>;
  /** Promotional steps: advertising messages and subscribe steps. */
  readonly promotional: StepValues<LabelEvidence>;
  /** The purpose consent must cover before step `index`, or null when it needs none. */
  purposeOf(index: number): string | null;
  /** A data step (rulebook "Terms"): personal-data input, webhook or subscribe. */
  isDataStep(index: number): boolean;
  /** Messages whose advertising words were overridden by `notAdvertisingReason` (audited: shown as a warning). */
  readonly advertisingOverrides: StepValues<AdvertisingOverride>;
  /** The name of the data an input collects, in the flow's words ("E-Mail-Adresse"), or null when no word says it. */
  dataNameOf(index: number): string | null;
  /**
   * The reading of a step's `text` where the labels read it (inputs, choices, messages),
   * else null: rules that read the same texts take it from here instead of looking
   * each up again.
   */
  readonly textReadings: readonly (TextReading | null)[];
  /** Which input collects which variable (read in the same pass as the labels). */
  readonly variables: CollectedVariables;
  /**
   * The steps whose reading in `textReadings` has `{{ name }}` references, in document
   * order (few). Only the texts the labels read: a choice's options, an end's or a
   * consent's text, a handoff's notices and a webhook's URL are not among them.
   */
  readonly stepsWithReadReferences: readonly number[];
}

/** An advertising inference the marketer overrode with `notAdvertisingReason` (audited: shown as a warning). */
export interface AdvertisingOverride {
  words: string[];
  reason: string;
}

/** What `inferLabels` reads: the steps, their connections (a choice option leading to a list) and the language. */
export type LabelSource = Pick<FlowDocument, "nodes" | "edges" | "locale">;

const FLAG: LabelEvidence = { source: "flag", words: [] };
/** The evidence of an e-mail or phone input, the same for every such step (like `FLAG`). */
const INPUT_TYPE_EVIDENCE: Record<"email" | "phone", LabelEvidence> = {
  email: { source: "inputType", words: ["email"] },
  phone: { source: "inputType", words: ["phone"] },
};
/** `hitsOf` options: negated words are evidence too ("keine E-Mail-Adresse" still names one). */
const WITH_NEGATED = { negated: true } as const;

function evidence(source: EvidenceSource, words: string[]): LabelEvidence {
  return { source, words };
}

/** The data name of the first hit that has one ("E-Mail-Adresse"). */
function firstLabel(hits: readonly LexiconHit[]): string | null {
  for (const hit of hits) if (hit.label !== null) return hit.label;
  return null;
}

/**
 * What a reading that names personal data (negated too: `hasKind`) says about it: the
 * words, the data's name, and the evidence of an input whose text it is (one object for
 * every input that asks the same question, like `FLAG`).
 */
interface PersonalFacts {
  readonly words: readonly string[];
  readonly label: string | null;
  readonly evidence: LabelEvidence;
}

const NO_PERSONAL: PersonalFacts = { words: [], label: null, evidence: { source: "text", words: [] } };
/**
 * Per reading (readings are cached per text and never change): a flow asks the same
 * questions many times, and the editor and server validate the same texts again.
 */
const personalFacts = new WeakMap<TextReading, PersonalFacts>();

function personalFactsOf(reading: TextReading): PersonalFacts {
  if (!hasKind(reading, "personal")) return NO_PERSONAL;
  let facts = personalFacts.get(reading);
  if (facts === undefined) {
    const hits = hitsOf(reading, "personal", WITH_NEGATED);
    const words = wordsOf(hits);
    facts = { words, label: firstLabel(hits), evidence: evidence("text", [...words]) };
    personalFacts.set(reading, facts);
  }
  return facts;
}

/** The first special category a reading names, with its words. */
function firstSpecial(reading: TextReading, source: EvidenceSource): SpecialLabel | null {
  if (!hasKind(reading, "special")) return null;
  for (const [category, words] of specialCategoriesOf(reading)) return { category, evidence: evidence(source, words) };
  return null;
}

/**
 * Computes the inferred labels of every step once per document (linear in its size:
 * each text is read once with the lexicons of the flow's locale). `idIndex` is the
 * document's graph's, where one is built already (duplicate ids keep the first node).
 */
export function inferLabels(document: LabelSource, idIndex?: IdIndex): InferredLabels {
  const nodes = document.nodes;
  const locale: Locale = document.locale === "en" ? "en" : "de";
  const lexicon = lexiconReader(locale);
  const personal = new StepTable<LabelEvidence>(nodes.length);
  const special = new StepTable<SpecialLabel>(nodes.length);
  const promotional = new StepTable<LabelEvidence>(nodes.length);
  const advertisingOverrides = new StepTable<AdvertisingOverride>(nodes.length);
  // Most steps have a reading (messages, inputs, choices), so a plain array: a step
  // table would hold nearly as many values.
  const textReadings: (TextReading | null)[] = new Array(nodes.length).fill(null);
  // Worked out in the same pass as the labels they follow from: every rule that
  // searches for data steps asks for each step, and reading them here touches no step twice.
  const purposes = new StepTable<string>(nodes.length);
  const dataSteps = new Uint8Array(nodes.length);
  const specialVariables = new Map<string, SpecialLabel>();
  const subscribes: number[] = [];
  const webhooks: number[] = [];
  const stepsWithReadReferences: number[] = [];
  const variables = new VariableCollector(nodes.length);

  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    switch (node.type) {
      case "input": {
        const data = node.data;
        const variable = lexicon.readIdentifier(data.variable);
        variables.add(i, data.variable);
        const text = (textReadings[i] = lexicon.read(data.text));
        const specialLabel: SpecialLabel | null = data.specialCategory
          ? { category: data.specialCategory, evidence: FLAG }
          : (firstSpecial(text, "text") ?? firstSpecial(variable, "variable"));
        if (specialLabel !== null) special.set(i, specialLabel);
        // Whether a reading names personal data at all is one bit; the words are looked up only for a text that does.
        let personalLabel: LabelEvidence | null = null;
        if (data.inputType === "email" || data.inputType === "phone") personalLabel = INPUT_TYPE_EVIDENCE[data.inputType];
        else if (hasKind(text, "personal")) personalLabel = personalFactsOf(text).evidence;
        else if (hasKind(variable, "personal")) personalLabel = evidence("variable", [data.variable]);
        else if (specialLabel !== null && specialLabel.evidence.source !== "flag") personalLabel = specialLabel.evidence;
        else if (data.personalData !== false || specialLabel !== null) personalLabel = FLAG;
        if (personalLabel !== null) {
          personal.set(i, personalLabel);
          purposes.set(i, data.purpose);
          dataSteps[i] = 1;
        }
        if (specialLabel !== null && data.variable.trim() !== "") specialVariables.set(data.variable.trim(), specialLabel);
        break;
      }
      case "choice": {
        let specialLabel = firstSpecial((textReadings[i] = lexicon.read(node.data.text)), "text");
        for (let k = 0; specialLabel === null && k < node.data.options.length; k++) {
          // Option labels are sent as they are (no variable filled in): braces hide no words.
          specialLabel = firstSpecial(lexicon.readLiteral(node.data.options[k].label), "option");
        }
        if (specialLabel !== null) special.set(i, specialLabel);
        break;
      }
      case "message": {
        const words = advertisingWords((textReadings[i] = lexicon.read(node.data.text)));
        const reason = typeof node.data.notAdvertisingReason === "string" ? node.data.notAdvertisingReason.trim() : "";
        let promotionalLabel: LabelEvidence | null = null;
        if (node.data.promotional === true) promotionalLabel = words.length > 0 ? evidence("text", words) : FLAG;
        else if (words.length > 0 && reason !== "") advertisingOverrides.set(i, { words, reason });
        else if (words.length > 0) promotionalLabel = evidence("text", words);
        if (promotionalLabel !== null) {
          promotional.set(i, promotionalLabel);
          purposes.set(i, MARKETING_PURPOSE);
        }
        break;
      }
      case "subscribe":
        promotional.set(i, evidence("list", [node.data.list]));
        {
          const specialLabel = firstSpecial(lexicon.readIdentifier(node.data.list), "list");
          if (specialLabel !== null) special.set(i, specialLabel);
        }
        subscribes.push(i);
        purposes.set(i, MARKETING_PURPOSE);
        dataSteps[i] = 1;
        break;
      case "webhook":
        webhooks.push(i);
        purposes.set(i, node.data.purpose);
        dataSteps[i] = 1;
        break;
    }
    // Asked here, while the reading is at hand: rules then visit these steps only.
    if (textReadings[i]?.references.length) stepsWithReadReferences.push(i);
  }

  // Special-category data follows its variable into every webhook that sends it.
  if (specialVariables.size > 0) {
    for (const i of webhooks) {
      const node = nodes[i];
      if (node.type !== "webhook") continue;
      for (const variable of node.data.sends) {
        const label = specialVariables.get(variable.trim());
        if (label) {
          special.set(i, { category: label.category, evidence: evidence("sends", [variable]) });
          break;
        }
      }
    }
  }
  // A subscribe list reached straight from the option of a special-category choice
  // ("Haben Sie Diabetes?" → "Ja" → list) tells the list owner that category.
  if (subscribes.length > 0) {
    const ids = idIndex ?? new IdIndex(nodes);
    for (const edge of document.edges) {
      const source = ids.indexOf(edge.source);
      const target = ids.indexOf(edge.target);
      if (source === -1 || target === -1) continue;
      const choice = special.get(source);
      if (nodes[source].type !== "choice" || choice === null || nodes[target].type !== "subscribe" || special.get(target) !== null)
        continue;
      if (edge.sourceHandle === "fallback") continue;
      special.set(target, { category: choice.category, evidence: evidence("option", choice.evidence.words) });
    }
  }

  const purposeOf = (index: number): string | null => purposes.get(index);
  const isDataStep = (index: number): boolean => dataSteps[index] === 1;
  // Only autofix asks for a name, for the few inputs it writes a consent text about: worked out then.
  const dataNameOf = (index: number): string | null => {
    const node = nodes[index];
    if (node?.type !== "input") return null;
    return personalFactsOf(lexicon.read(node.data.text)).label ?? personalFactsOf(lexicon.readIdentifier(node.data.variable)).label;
  };
  return {
    personal,
    special,
    promotional,
    advertisingOverrides,
    purposeOf,
    isDataStep,
    dataNameOf,
    textReadings,
    stepsWithReadReferences,
    variables: variables.finish(),
  };
}
