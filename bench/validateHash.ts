import { createHash } from "node:crypto";
import {
  CHANNELS,
  EXAMPLE_LEGAL,
  FORMALITIES,
  LOCALES,
  SPECIAL_CATEGORIES,
  TEMPLATE_IDS,
  clearLexiconCaches,
  createFlowFromTemplate,
  type Channel,
  type FlowDocument,
  type WorkspaceLegal,
} from "../core/flow";
import { validate } from "../core/compliance";
import { generateFlow } from "./flowGenerator";

/*
 * A fingerprint of what the rulebook finds, for changes meant to make `validate`
 * faster without changing a single finding: run it before and after, and compare the
 * printed hashes (per group, so a difference says where to look).
 *
 *   npx tsx bench/validateHash.ts [--verbose]
 *
 * Documents: generated flows (50, 1k, 10k, 50k steps), every template in every
 * language, form of address and channel, and 2,400 flows mutated from those with a
 * fixed seed (steps and edges deleted, texts blanked, borrowed or made long, flags
 * toggled, step types swapped). Each is checked with complete, empty and
 * processor-less legal settings, with processors abroad, and without any; the hash covers
 * `JSON.stringify` of every result (or the error thrown), in order. Every small
 * document is checked twice, the second time with the lexicon caches warm, and the two
 * results must agree.
 */

const EMPTY_LEGAL: WorkspaceLegal = {
  controller: { name: "", address: "" },
  impressumUrl: "",
  privacyPolicyUrl: "",
  privacyContact: "",
  processors: [],
};
const NO_PROCESSORS: WorkspaceLegal = { ...EXAMPLE_LEGAL, processors: [] };
/** Processors abroad with and without a transfer basis, one of them on a public suffix. */
const ABROAD: WorkspaceLegal = {
  ...EXAMPLE_LEGAL,
  processors: [
    ...EXAMPLE_LEGAL.processors,
    { name: "US CRM", domain: "crm.example.com", purpose: "CRM", dpaSigned: false, country: "US" },
    { name: "Mail", domain: "mail.example.org", purpose: "Mail", dpaSigned: true, country: "us", transferBasis: "dpf" },
    { name: "Suffix", domain: "co.uk", purpose: "x", dpaSigned: true, country: "" },
  ],
};
const SETTINGS: readonly (WorkspaceLegal | null)[] = [EXAMPLE_LEGAL, EMPTY_LEGAL, NO_PROCESSORS, ABROAD, null];

const verbose = process.argv.includes("--verbose");
/** Findings per rule over everything checked (printed with `--verbose`: is every rule exercised?). */
const RULE_COUNTS = new Map<string, number>();

interface Group {
  name: string;
  hash: ReturnType<typeof createHash>;
  documents: number;
  findings: number;
  errors: number;
}

function group(name: string): Group {
  return { name, hash: createHash("sha256"), documents: 0, findings: 0, errors: 0 };
}

function resultOf(document: FlowDocument, legal: WorkspaceLegal | null): { text: string; findings: number; error: boolean } {
  try {
    const findings = validate(document, legal);
    for (const finding of findings) RULE_COUNTS.set(finding.rule, (RULE_COUNTS.get(finding.rule) ?? 0) + 1);
    return { text: JSON.stringify(findings), findings: findings.length, error: false };
  } catch (error) {
    return { text: `throws: ${String(error)}`, findings: 0, error: true };
  }
}

function check(into: Group, document: FlowDocument, twice: boolean): void {
  into.documents++;
  for (const legal of SETTINGS) {
    const first = resultOf(document, legal);
    if (twice) {
      const again = resultOf(document, legal);
      if (again.text !== first.text) throw new Error(`${into.name}: ${document.id} gives other findings the second time`);
    }
    into.hash.update(first.text);
    into.hash.update("\n");
    into.findings += first.findings;
    if (first.error) into.errors++;
  }
}

/** xorshift32 with a fixed seed: the same mutations on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

const TEXT_FIELDS = [
  "text",
  "notice",
  "resumeText",
  "acceptLabel",
  "declineLabel",
  "withdrawalHint",
  "variable",
  "list",
  "url",
  "processor",
];
/** Texts that trigger the lexicons: personal data, special categories, advertising, a person, the controller. */
const BORROWED = [
  "Wie lautet deine E-Mail-Adresse?",
  "What is your phone number?",
  "Hast du Diabetes oder eine andere Krankheit?",
  "Jetzt 20 % Rabatt auf alles, nur heute!",
  "Buy now and save 50% with our special offer",
  "Eine Mitarbeiterin aus unserem Team antwortet dir gleich.",
  "Einen Moment bitte …",
  "{company} verarbeitet deine Angaben, um deine Anfrage zu beantworten.",
  "Ich bin ein Bot, kein Mensch.",
  "Danke, {{name}}! Wir schreiben an {{email}}.",
  "Welcher Religion gehörst du an?",
  "   ",
  "",
];

function mutate(base: FlowDocument, next: () => number): FlowDocument {
  const document: FlowDocument = structuredClone(base);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const mutations = 1 + Math.floor(next() * 6);
  for (let m = 0; m < mutations; m++) {
    const nodes = document.nodes;
    if (nodes.length === 0) break;
    const kind = Math.floor(next() * 10);
    const node = pick(nodes);
    const data = node.data as Record<string, unknown>;
    switch (kind) {
      case 0:
        nodes.splice(nodes.indexOf(node), 1);
        break;
      case 1:
        if (document.edges.length > 0) document.edges.splice(Math.floor(next() * document.edges.length), 1);
        break;
      case 2:
        for (const field of TEXT_FIELDS) if (typeof data[field] === "string") data[field] = next() < 0.5 ? "" : " ";
        break;
      case 3:
        for (const field of TEXT_FIELDS) if (typeof data[field] === "string" && next() < 0.7) data[field] = pick(BORROWED);
        break;
      case 4:
        // Long texts and labels for the channels' limits.
        for (const field of TEXT_FIELDS) {
          const value = data[field];
          if (typeof value === "string" && value.length < 200 && next() < 0.5) data[field] = (value || "Hallo du. ").repeat(40);
        }
        if (node.type === "choice") {
          const options = node.data.options;
          if (next() < 0.5 && options.length < 40)
            for (let k = 0; k < 12; k++) options.push({ id: `extra${k}`.repeat(1 + Math.floor(next() * 30)), label: `Option ${k}` });
          else if (options.length > 0 && options[0].label.length < 200) options[0].label = options[0].label.repeat(10);
        }
        break;
      case 5:
        if (typeof data.promotional === "boolean") data.promotional = !data.promotional;
        if (typeof data.personalData === "boolean") data.personalData = !data.personalData;
        if (typeof data.explicit === "boolean") data.explicit = !data.explicit;
        if (node.type === "input") data.specialCategory = next() < 0.5 ? pick(SPECIAL_CATEGORIES) : undefined;
        if (node.type === "input") data.inputType = pick(["text", "email", "phone", "number", "date"]);
        if (node.type === "message" && next() < 0.5) data.notAdvertisingReason = next() < 0.5 ? "Service-Info" : " ";
        if (node.type === "consent") data.categories = next() < 0.5 ? [pick(SPECIAL_CATEGORIES)] : [];
        if (node.type === "consent")
          data.purposes = next() < 0.3 ? [] : next() < 0.5 ? ["marketing"] : [pick(["lead", "unknown", "marketing"])];
        if (node.type === "input" || node.type === "webhook") data.purpose = pick(["lead", "marketing", "", "undeclared"]);
        if (node.type === "input") data.retentionDays = pick([0, 30, 400, 4000]);
        if (node.type === "delay") data.seconds = pick([0, 3600, 86_400, 200_000]);
        if (node.type === "webhook")
          data.url = pick(["http://crm.example.com/x", "https://evil.example.org/x", "https://crm.example.com/y", "not a url"]);
        break;
      case 6: {
        // Swap the type and data of two steps, keeping their ids and edges.
        const other = pick(nodes);
        const swapped = { type: node.type, data: node.data };
        Object.assign(node, { type: other.type, data: other.data });
        Object.assign(other, swapped);
        break;
      }
      case 7: {
        // A new edge between two steps through a handle that may or may not exist.
        const target = pick(nodes);
        const handle = pick(["next", "accept", "decline", "true", "false", "success", "failure", "fallback", "a", "invalid", "nope"]);
        document.edges.push({ id: `m${document.edges.length}-${m}`, source: node.id, sourceHandle: handle, target: target.id });
        break;
      }
      case 8: {
        // A long delay and then an advertisement, put into an existing edge.
        const edge = document.edges.find((candidate) => candidate.source === node.id);
        if (edge === undefined) break;
        const delay = `d${m}-${nodes.length}`;
        const advert = `p${m}-${nodes.length}`;
        nodes.push({ id: delay, type: "delay", position: { x: 0, y: 0 }, data: { seconds: pick([3600, 86_400, 172_800]) } });
        nodes.push({ id: advert, type: "message", position: { x: 0, y: 0 }, data: { text: pick(BORROWED), promotional: next() < 0.5 } });
        document.edges.push({ id: `${delay}.next`, source: delay, sourceHandle: "next", target: advert });
        document.edges.push({ id: `${advert}.next`, source: advert, sourceHandle: "next", target: edge.target });
        edge.target = delay;
        break;
      }
      default: {
        const choice = Math.floor(next() * 4);
        if (choice === 0) document.channels = next() < 0.5 ? [pick(CHANNELS)] : [];
        else if (choice === 1 && next() < 0.3) document.settings.redisclosureAfterHours = pick([0, 0.5, 24, 48]);
        else if (choice === 1)
          document.settings.optOut = { keywords: pick([[], ["STOP"], ["!!!", "stop"]]), confirmation: pick(["", "Abgemeldet."]) };
        else if (choice === 2) node.id = pick(nodes).id;
        else document.purposes = document.purposes.filter(() => next() < 0.5);
      }
    }
  }
  return document;
}

function main(): void {
  const started = performance.now();
  clearLexiconCaches();
  const groups: Group[] = [];

  const templates = group("templates");
  const bases: FlowDocument[] = [];
  for (const templateId of TEMPLATE_IDS) {
    for (const locale of LOCALES) {
      for (const formality of FORMALITIES) {
        for (const channels of [[...CHANNELS], ...CHANNELS.map((channel): Channel[] => [channel])]) {
          const document = createFlowFromTemplate(templateId, { id: `t-${templateId}`, name: "T", locale, formality, channels });
          bases.push(document);
          check(templates, document, true);
        }
      }
    }
  }
  groups.push(templates);

  const mutated = group("mutated");
  const next = random(20261201);
  for (let seed = 1; seed <= 8; seed++) bases.push(generateFlow(40 + seed * 10, seed));
  for (let k = 0; k < 2_400; k++) check(mutated, mutate(bases[Math.floor(next() * bases.length)], next), true);
  groups.push(mutated);

  for (const size of [50, 1_000, 10_000, 50_000]) {
    const generated = group(`generated ${size}`);
    check(generated, generateFlow(size), size <= 1_000);
    groups.push(generated);
  }

  const all = createHash("sha256");
  let findings = 0;
  let documents = 0;
  for (const { name, hash, documents: count, findings: found, errors } of groups) {
    const digest = hash.digest("hex");
    all.update(digest);
    findings += found;
    documents += count;
    if (verbose || errors > 0)
      console.log(`${name}: ${count} documents, ${found} findings, ${errors} errors thrown, ${digest.slice(0, 16)}`);
    else console.log(`${name}: ${count} documents, ${found} findings, ${digest.slice(0, 16)}`);
  }
  if (verbose) console.log([...RULE_COUNTS].map(([rule, count]) => `${rule} ${count}`).join(", "));
  console.log(
    `all: ${documents} documents × ${SETTINGS.length} settings, ${findings} findings, ${all.digest("hex")} ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

main();
