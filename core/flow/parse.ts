import type { z } from "zod";
import { buildFlowGraph, type FlowGraph } from "./graph";
import { hasOutput } from "./outputs";
import { MARKETING_PURPOSE, ZFlowDocument, type FlowDocument, type FlowDocumentInput, type Locale } from "./schema";
import { isCertainlyFlowDocument } from "./shapeCheck";

/** Default document limits. A flow this large is far beyond what a canvas can show. */
export const DEFAULT_MAX_NODES = 5_000;
/** Edges may branch; four per node leaves room for large choices. */
export const DEFAULT_MAX_EDGES_PER_NODE = 4;
/** Serialized size limit for JSON text given to the parser. */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export interface ParseOptions {
  /** Language of error messages; defaults to the document's locale, else German. */
  locale?: Locale;
  /** Most nodes accepted (default 5,000). */
  maxNodes?: number;
  /** Most edges accepted (default 4 × maxNodes). */
  maxEdges?: number;
  /** Most UTF-8 bytes of JSON text accepted (default 5 MB); checked when `raw` is a string. */
  maxBytes?: number;
}

export interface ParseError {
  /** Where in the document, e.g. `nodes[3].data.purpose`; empty for the whole document. */
  path: string;
  /** The id of the step the error is about, when there is one. */
  nodeId?: string;
  message: string;
}

export type ParseResult =
  /**
   * `graph` is the document's adjacency, built once while checking references; pass it
   * to `validate(document, legal, { graph })` to skip building it again. It describes
   * the document as parsed: after editing the document, build a new one.
   */
  { ok: true; document: FlowDocument; graph: FlowGraph } | { ok: false; errors: ParseError[] };

const WORDS = {
  de: {
    step: "Schritt",
    edge: "Verbindung",
    flow: "Flow",
    missing: "fehlt",
    invalidJson: (detail: string) => `Die Datei ist kein gültiges JSON (${detail}).`,
    tooLarge: (bytes: number, max: number) => `Der Flow ist zu groß: ${bytes} Bytes, erlaubt sind höchstens ${max}.`,
    tooManyNodes: (count: number, max: number) => `Der Flow hat ${count} Schritte, erlaubt sind höchstens ${max}.`,
    tooManyEdges: (count: number, max: number) => `Der Flow hat ${count} Verbindungen, erlaubt sind höchstens ${max}.`,
    notObject: "Ein Flow muss ein JSON-Objekt sein.",
    wrongType: (expected: string) => `hat den falschen Typ (erwartet: ${expected})`,
    oneOf: (values: string) => `muss einer dieser Werte sein: ${values}`,
    unknownType: (value: string) => `hat den unbekannten Schritt-Typ „${value}“`,
    tooSmall: "ist zu klein oder zu kurz",
    tooBig: (max: string) => `ist zu groß oder zu lang (höchstens ${max})`,
    invalid: "ist ungültig",
    duplicateNode: "die ID kommt mehrfach vor",
    duplicateEdge: "die ID kommt mehrfach vor",
    duplicatePurpose: (id: string) => `der Zweck „${id}“ ist mehrfach angelegt`,
    duplicateOption: (id: string) => `die Option „${id}“ kommt mehrfach vor`,
    reservedOption: "„fallback“ ist als Options-ID reserviert",
    unknownSource: (id: string) => `Startpunkt „${id}“ gibt es nicht`,
    unknownTarget: (id: string) => `Ziel „${id}“ gibt es nicht`,
    unknownHandle: (handle: string, type: string) => `Ausgang „${handle}“ gibt es bei einem Schritt vom Typ ${type} nicht`,
    unknownPurpose: (id: string) => `Zweck „${id}“ ist in der Liste der Zwecke des Flows nicht angelegt`,
  },
  en: {
    step: "Step",
    edge: "Connection",
    flow: "Flow",
    missing: "is missing",
    invalidJson: (detail: string) => `The file is not valid JSON (${detail}).`,
    tooLarge: (bytes: number, max: number) => `The flow is too large: ${bytes} bytes, at most ${max} are allowed.`,
    tooManyNodes: (count: number, max: number) => `The flow has ${count} steps, at most ${max} are allowed.`,
    tooManyEdges: (count: number, max: number) => `The flow has ${count} connections, at most ${max} are allowed.`,
    notObject: "A flow must be a JSON object.",
    wrongType: (expected: string) => `has the wrong type (expected: ${expected})`,
    oneOf: (values: string) => `must be one of: ${values}`,
    unknownType: (value: string) => `has the unknown step type "${value}"`,
    tooSmall: "is too small or too short",
    tooBig: (max: string) => `is too large or too long (at most ${max})`,
    invalid: "is invalid",
    duplicateNode: "the id is used more than once",
    duplicateEdge: "the id is used more than once",
    duplicatePurpose: (id: string) => `the purpose "${id}" is declared more than once`,
    duplicateOption: (id: string) => `the option "${id}" is used more than once`,
    reservedOption: '"fallback" is reserved and cannot be an option id',
    unknownSource: (id: string) => `source "${id}" does not exist`,
    unknownTarget: (id: string) => `target "${id}" does not exist`,
    unknownHandle: (handle: string, type: string) => `output "${handle}" does not exist on a step of type ${type}`,
    unknownPurpose: (id: string) => `purpose "${id}" is not declared in the flow's purposes`,
  },
} as const;

type Words = (typeof WORDS)[Locale];

function utf8ByteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Joins a zod path as `nodes[3].data.purpose`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * Prefixes a field error with the thing it belongs to: "Schritt ask-email: data.purpose
 * fehlt", "Verbindung e3: target fehlt", "Flow: name fehlt".
 */
function locate(raw: unknown, path: readonly PropertyKey[], words: Words): { prefix: string; field: string; nodeId?: string } {
  const [collection, index, ...rest] = path;
  if ((collection === "nodes" || collection === "edges") && typeof index === "number") {
    const item = valueAt(raw, [collection, index]);
    const rawId = isRecord(item) && typeof item.id === "string" && item.id !== "" ? item.id : null;
    const label = rawId ?? `#${index + 1}`;
    const field = formatPath(rest);
    if (collection === "nodes") {
      return { prefix: `${words.step} ${label}`, field, nodeId: rawId ?? undefined };
    }
    return { prefix: `${words.edge} ${label}`, field };
  }
  return { prefix: words.flow, field: formatPath(path) };
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown, words: Words): string {
  // Whatever zod expected, an absent field is best explained as missing.
  if (issue.code !== "invalid_union" && valueAt(raw, issue.path) === undefined) return words.missing;
  switch (issue.code) {
    case "invalid_type":
      return words.wrongType(issue.expected);
    case "invalid_value":
      return words.oneOf(issue.values.map(String).join(", "));
    case "invalid_union": {
      // A discriminated union reports an unknown `type` as an invalid union.
      const type = valueAt(raw, typePathOf(issue.path));
      if (type === undefined) return words.missing;
      return words.unknownType(String(type));
    }
    case "too_small":
      return words.tooSmall;
    case "too_big":
      return words.tooBig(String(issue.maximum));
    default:
      return words.invalid;
  }
}

/** The path of the discriminator an invalid-union issue is about. */
function typePathOf(path: readonly PropertyKey[]): PropertyKey[] {
  return path[path.length - 1] === "type" ? [...path] : [...path, "type"];
}

function issueToError(issue: z.core.$ZodIssue, raw: unknown, words: Words): ParseError {
  const path = issue.code === "invalid_union" ? typePathOf(issue.path) : issue.path;
  const { prefix, field, nodeId } = locate(raw, path, words);
  const message = `${prefix}: ${field === "" ? "" : `${field} `}${describeIssue(issue, raw, words)}`;
  return { path: formatPath(path), nodeId, message };
}

/**
 * Cross-reference checks zod cannot express per field: unique ids, edges that join
 * existing steps through an existing output, purposes that are declared.
 * Empty purpose strings are left to the `data.purpose` rule, which explains them better.
 */
function checkReferences(document: FlowDocument, graph: FlowGraph, words: Words): ParseError[] {
  // Plain loops and messages built only on failure: this runs on every save of flows
  // with thousands of steps.
  const errors: ParseError[] = [];
  const purposeIds = new Set<string>([MARKETING_PURPOSE]);
  const purposes = document.purposes;
  for (let index = 0; index < purposes.length; index++) {
    const id = purposes[index].id;
    if (purposeIds.has(id) && id !== MARKETING_PURPOSE) {
      errors.push({
        path: `purposes[${index}].id`,
        message: `${words.flow}: purposes[${index}].id: ${words.duplicatePurpose(id)}`,
      });
    }
    purposeIds.add(id);
  }

  const nodes = document.nodes;
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index];
    switch (node.type) {
      case "input":
      case "webhook": {
        const purpose = node.data.purpose;
        if (purpose !== "" && !purposeIds.has(purpose)) {
          errors.push(unknownPurposeError(words, node.id, index, "data.purpose", purpose));
        }
        break;
      }
      case "consent": {
        const consentPurposes = node.data.purposes;
        for (let k = 0; k < consentPurposes.length; k++) {
          const purpose = consentPurposes[k];
          if (purpose !== "" && !purposeIds.has(purpose)) {
            errors.push(unknownPurposeError(words, node.id, index, `data.purposes[${k}]`, purpose));
          }
        }
        break;
      }
      case "choice": {
        const options = node.data.options;
        for (let k = 0; k < options.length; k++) {
          const id = options[k].id;
          let problem: string | null = null;
          if (id === "fallback") problem = words.reservedOption;
          else {
            for (let j = 0; j < k; j++) if (options[j].id === id) problem = words.duplicateOption(id);
          }
          if (problem !== null) {
            const field = `data.options[${k}].id`;
            errors.push({ path: `nodes[${index}].${field}`, nodeId: node.id, message: `${words.step} ${node.id}: ${field}: ${problem}` });
          }
        }
        break;
      }
      default:
        break;
    }
  }

  for (const index of graph.duplicateNodeIndices) {
    const id = nodes[index].id;
    errors.push({ path: `nodes[${index}].id`, nodeId: id, message: `${words.step} ${id}: id: ${words.duplicateNode}` });
  }

  const edgeIds = new Set<string>();
  const edges = document.edges;
  for (let index = 0; index < edges.length; index++) {
    const edge = edges[index];
    const sizeBefore = edgeIds.size;
    if (edgeIds.add(edge.id).size === sizeBefore) {
      errors.push({ path: `edges[${index}].id`, message: `${words.edge} ${edge.id}: id: ${words.duplicateEdge}` });
    }
    // The graph already resolved both ends and the handle; only broken edges need words.
    if (graph.edgeUsable[index] === 1) continue;
    const source = graph.edgeSource[index] >= 0 ? nodes[graph.edgeSource[index]] : undefined;
    if (source === undefined) {
      errors.push({
        path: `edges[${index}].source`,
        message: `${words.edge} ${edge.id}: source: ${words.unknownSource(edge.source)}`,
      });
    } else if (!hasOutput(source, edge.sourceHandle)) {
      errors.push({
        path: `edges[${index}].sourceHandle`,
        nodeId: source.id,
        message: `${words.edge} ${edge.id}: sourceHandle: ${words.unknownHandle(edge.sourceHandle, source.type)}`,
      });
    }
    if (graph.edgeTarget[index] < 0) {
      errors.push({
        path: `edges[${index}].target`,
        message: `${words.edge} ${edge.id}: target: ${words.unknownTarget(edge.target)}`,
      });
    }
  }
  return errors;
}

function unknownPurposeError(words: Words, nodeId: string, index: number, field: string, purpose: string): ParseError {
  return {
    path: `nodes[${index}].${field}`,
    nodeId,
    message: `${words.step} ${nodeId}: ${field}: ${words.unknownPurpose(purpose)}`,
  };
}

/**
 * The document zod would return for input that passed the structural pre-check:
 * the same values with `input.data.personalData` defaulted to true. The input is not
 * mutated; only the nodes that need the default are copied, and the caller gets new
 * top-level containers so that editing the result never edits the input.
 */
function withDefaults(input: FlowDocumentInput): FlowDocument {
  const nodes = input.nodes.slice() as FlowDocument["nodes"];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.type === "input" && node.data.personalData === undefined) {
      nodes[i] = { ...node, data: { ...node.data, personalData: true } };
    }
  }
  return { ...(input as FlowDocument), nodes, edges: input.edges.slice() };
}

function localeOf(raw: unknown, options: ParseOptions): Locale {
  if (options.locale) return options.locale;
  if (isRecord(raw) && (raw.locale === "de" || raw.locale === "en")) return raw.locale;
  return "de";
}

/**
 * Parses untrusted input into a flow document (format v1).
 *
 * `raw` is either the parsed JSON value or the JSON text itself (then the size limit
 * is checked on its UTF-8 bytes). Errors name the step and the field in the requested
 * locale, e.g. "Schritt ask-email: data.purpose fehlt". Never throws.
 */
export function parseFlowDocument(raw: unknown, options: ParseOptions = {}): ParseResult {
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  const maxEdges = options.maxEdges ?? maxNodes * DEFAULT_MAX_EDGES_PER_NODE;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;

  let value = raw;
  if (typeof raw === "string") {
    // Every UTF-16 unit is at most 3 UTF-8 bytes, so most inputs skip the encoding.
    const bytes = raw.length * 3 <= maxBytes ? raw.length : utf8ByteLength(raw);
    if (bytes > maxBytes) {
      const words = WORDS[options.locale ?? "de"];
      return { ok: false, errors: [{ path: "", message: words.tooLarge(bytes, maxBytes) }] };
    }
    try {
      value = JSON.parse(raw);
    } catch (error) {
      const words = WORDS[options.locale ?? "de"];
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, errors: [{ path: "", message: words.invalidJson(detail) }] };
    }
  }

  const words = WORDS[localeOf(value, options)];
  if (!isRecord(value)) return { ok: false, errors: [{ path: "", message: words.notObject }] };
  // Limits come before the schema so an oversized flow costs nothing to reject.
  if (Array.isArray(value.nodes) && value.nodes.length > maxNodes) {
    return { ok: false, errors: [{ path: "nodes", message: words.tooManyNodes(value.nodes.length, maxNodes) }] };
  }
  if (Array.isArray(value.edges) && value.edges.length > maxEdges) {
    return { ok: false, errors: [{ path: "edges", message: words.tooManyEdges(value.edges.length, maxEdges) }] };
  }

  let document: FlowDocument;
  if (isCertainlyFlowDocument(value)) {
    // Structure already proven; only zod's default (personalData) needs applying.
    document = withDefaults(value as FlowDocumentInput);
  } else {
    const parsed = ZFlowDocument.safeParse(value);
    if (!parsed.success) {
      return { ok: false, errors: parsed.error.issues.map((issue) => issueToError(issue, value, words)) };
    }
    document = parsed.data;
  }
  const graph = buildFlowGraph(document);
  const referenceErrors = checkReferences(document, graph, words);
  if (referenceErrors.length > 0) return { ok: false, errors: referenceErrors };
  return { ok: true, document, graph };
}
