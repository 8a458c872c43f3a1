import type { z } from "zod";
import { buildFlowGraph, type FlowGraph } from "./graph";
import { IdIndex } from "./idIndex";
import { hasOutput } from "./outputs";
import { MARKETING_PURPOSE, ZFlowDocument, type FlowDocument, type FlowDocumentInput, type Locale } from "./schema";
import { isCertainlyFlowDocument } from "./shapeCheck";
import { formatParam, term, type MessageParams, type TermRef } from "./messages";

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
  /** In the requested locale. */
  message: string;
  /** The same as data, to word it in another language (`formatParam`). */
  detail: TermRef;
}

export type ParseResult =
  /**
   * `graph` is the document's adjacency, built once while checking references; pass it
   * to `validate(document, legal, { graph })` to skip building it again. It describes
   * the document as parsed: after editing the document, build a new one.
   */
  { ok: true; document: FlowDocument; graph: FlowGraph } | { ok: false; errors: ParseError[] };

/** Builds parse errors as data and words them in one locale through the catalogue. */
class ErrorWords {
  constructor(readonly locale: Locale) {}

  error(path: string, detail: TermRef, nodeId?: string): ParseError {
    const error: ParseError = { path, message: formatParam(this.locale, detail) as string, detail };
    if (nodeId !== undefined) error.nodeId = nodeId;
    return error;
  }

  /** "Schritt ask-email: data.purpose fehlt" and the like. */
  field(path: string, at: TermRef, field: string, problem: TermRef, nodeId?: string): ParseError {
    const detail = field === "" ? term("parse.whole", { at, problem }) : term("parse.field", { at, field, problem });
    return this.error(path, detail, nodeId);
  }
}

const at = {
  step: (id: string) => term("parse.at.step", { id }),
  edge: (id: string) => term("parse.at.edge", { id }),
  flow: term("parse.at.flow"),
};

function problem(code: string, params?: MessageParams): TermRef {
  return term(`parse.problems.${code}`, params);
}

type Words = ErrorWords;

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
function locate(raw: unknown, path: readonly PropertyKey[]): { at: TermRef; field: string; nodeId?: string } {
  const [collection, index, ...rest] = path;
  if ((collection === "nodes" || collection === "edges") && typeof index === "number") {
    const item = valueAt(raw, [collection, index]);
    const rawId = isRecord(item) && typeof item.id === "string" && item.id !== "" ? item.id : null;
    const label = rawId ?? `#${index + 1}`;
    const field = formatPath(rest);
    if (collection === "nodes") return { at: at.step(label), field, nodeId: rawId ?? undefined };
    return { at: at.edge(label), field };
  }
  return { at: at.flow, field: formatPath(path) };
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): TermRef {
  // Whatever zod expected, an absent field is best explained as missing.
  if (issue.code !== "invalid_union" && valueAt(raw, issue.path) === undefined) return problem("missing");
  switch (issue.code) {
    case "invalid_type":
      return problem("wrongType", { expected: issue.expected });
    case "invalid_value":
      return problem("oneOf", { values: issue.values.map(String).join(", ") });
    case "invalid_union": {
      // A discriminated union reports an unknown `type` as an invalid union.
      const type = valueAt(raw, typePathOf(issue.path));
      if (type === undefined) return problem("missing");
      return problem("unknownType", { value: String(type) });
    }
    case "too_small":
      return problem("tooSmall");
    case "too_big":
      return problem("tooBig", { max: String(issue.maximum) });
    default:
      return problem("invalid");
  }
}

/** The path of the discriminator an invalid-union issue is about. */
function typePathOf(path: readonly PropertyKey[]): PropertyKey[] {
  return path[path.length - 1] === "type" ? [...path] : [...path, "type"];
}

function issueToError(issue: z.core.$ZodIssue, raw: unknown, words: Words): ParseError {
  const path = issue.code === "invalid_union" ? typePathOf(issue.path) : issue.path;
  const { at: where, field, nodeId } = locate(raw, path);
  return words.field(formatPath(path), where, field, describeIssue(issue, raw), nodeId);
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
      errors.push(words.field(`purposes[${index}].id`, at.flow, `purposes[${index}].id:`, problem("duplicatePurpose", { id })));
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
          let found: TermRef | null = null;
          if (id === "fallback") found = problem("reservedOption");
          else {
            for (let j = 0; j < k; j++) if (options[j].id === id) found = problem("duplicateOption", { id });
          }
          if (found !== null) {
            const field = `data.options[${k}].id`;
            errors.push(words.field(`nodes[${index}].${field}`, at.step(node.id), `${field}:`, found, node.id));
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
    errors.push(words.field(`nodes[${index}].id`, at.step(id), "id:", problem("duplicateId"), id));
  }

  const edges = document.edges;
  // Edges whose id an earlier edge has, ascending: found with the graph's id table.
  const duplicateEdges = new IdIndex(edges).duplicates;
  let nextDuplicate = 0;
  for (let index = 0; index < edges.length; index++) {
    const edge = edges[index];
    if (duplicateEdges[nextDuplicate] === index) {
      nextDuplicate++;
      errors.push(words.field(`edges[${index}].id`, at.edge(edge.id), "id:", problem("duplicateId")));
    }
    // The graph already resolved both ends and the handle; only broken edges need words.
    if (graph.edgeUsable[index] === 1) continue;
    const source = graph.edgeSource[index] >= 0 ? nodes[graph.edgeSource[index]] : undefined;
    if (source === undefined) {
      errors.push(words.field(`edges[${index}].source`, at.edge(edge.id), "source:", problem("unknownSource", { id: edge.source })));
    } else if (!hasOutput(source, edge.sourceHandle)) {
      errors.push(
        words.field(
          `edges[${index}].sourceHandle`,
          at.edge(edge.id),
          "sourceHandle:",
          problem("unknownHandle", { handle: edge.sourceHandle, type: source.type }),
          source.id,
        ),
      );
    }
    if (graph.edgeTarget[index] < 0) {
      errors.push(words.field(`edges[${index}].target`, at.edge(edge.id), "target:", problem("unknownTarget", { id: edge.target })));
    }
  }
  return errors;
}

function unknownPurposeError(words: Words, nodeId: string, index: number, field: string, purpose: string): ParseError {
  return words.field(`nodes[${index}].${field}`, at.step(nodeId), `${field}:`, problem("unknownPurpose", { id: purpose }), nodeId);
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
      const words = new ErrorWords(options.locale ?? "de");
      return { ok: false, errors: [words.error("", term("parse.tooLarge", { bytes: String(bytes), max: String(maxBytes) }))] };
    }
    try {
      value = JSON.parse(raw);
    } catch (error) {
      const words = new ErrorWords(options.locale ?? "de");
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, errors: [words.error("", term("parse.invalidJson", { detail }))] };
    }
  }

  const words = new ErrorWords(localeOf(value, options));
  if (!isRecord(value)) return { ok: false, errors: [words.error("", term("parse.notObject"))] };
  // Limits come before the schema so an oversized flow costs nothing to reject.
  if (Array.isArray(value.nodes) && value.nodes.length > maxNodes) {
    return {
      ok: false,
      errors: [words.error("nodes", term("parse.tooManyNodes", { count: String(value.nodes.length), max: String(maxNodes) }))],
    };
  }
  if (Array.isArray(value.edges) && value.edges.length > maxEdges) {
    return {
      ok: false,
      errors: [words.error("edges", term("parse.tooManyEdges", { count: String(value.edges.length), max: String(maxEdges) }))],
    };
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
