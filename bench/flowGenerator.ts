import { createFlowFromTemplate, type FlowDocument, type FlowEdge, type FlowNode } from "../core/flow";

/**
 * Generates a realistic, compliant flow of about `nodeCount` steps: the default
 * template's compliance prefix, then repeated sections of menu choices, messages,
 * inputs, conditions and webhooks to a declared CRM, with loops back to earlier
 * menus. Deterministic for a given size (a seeded generator), so runs compare.
 */
export function generateFlow(nodeCount: number, seed = 1): FlowDocument {
  const base = createFlowFromTemplate("leadCapture", { id: `bench-${nodeCount}`, name: "Bench", locale: "de" });
  const nodes: FlowNode[] = base.nodes.filter(
    (node) => !["ask-name", "ask-email", "email-invalid", "crm", "sent", "send-failed", "end"].includes(node.id),
  );
  const edges: FlowEdge[] = base.edges.filter(
    (edge) => nodes.some((node) => node.id === edge.source) && nodes.some((node) => node.id === edge.target),
  );
  let random = seed >>> 0;
  const next = () => {
    // xorshift32: fast and good enough to vary the shapes.
    random ^= random << 13;
    random ^= random >>> 17;
    random ^= random << 5;
    return (random >>> 0) / 4294967296;
  };
  let edgeCounter = 0;
  const link = (source: string, sourceHandle: string, target: string) => {
    edges.push({ id: `b${edgeCounter++}`, source, sourceHandle, target });
  };
  let y = 0;
  const add = (node: Omit<FlowNode, "position">): string => {
    nodes.push({ ...node, position: { x: (nodes.length % 7) * 260, y: (y += 40) } } as FlowNode);
    return node.id as string;
  };

  const menus: string[] = [];
  let entry = "consent";
  let entryHandle = "accept";
  let section = 0;
  const end = add({ id: "end", type: "end", data: { text: "Danke und bis bald!" } });

  while (nodes.length + 12 <= nodeCount) {
    const s = section++;
    const menu = add({
      id: `menu-${s}`,
      type: "choice",
      data: {
        text: `Womit kann ich dir helfen? (Bereich ${s})`,
        options: [
          { id: "info", label: "Infos" },
          { id: "contact", label: "Kontakt" },
          { id: "back", label: "Zurück" },
        ],
      },
    });
    link(entry, entryHandle, menu);
    menus.push(menu);
    const info = add({
      id: `info-${s}`,
      type: "message",
      data: { text: `Hier sind Infos zu Bereich ${s}. Schau dich gern um!`, promotional: false },
    });
    const wait = add({ id: `wait-${s}`, type: "delay", data: { seconds: 2 } });
    const askName = add({
      id: `name-${s}`,
      type: "input",
      data: { text: "Wie heißt du?", variable: `name${s}`, inputType: "text", personalData: true, purpose: "lead", retentionDays: 90 },
    });
    const askEmail = add({
      id: `email-${s}`,
      type: "input",
      data: {
        text: "Deine E-Mail-Adresse?",
        variable: `email${s}`,
        inputType: "email",
        personalData: true,
        purpose: "lead",
        retentionDays: 90,
      },
    });
    const retry = add({
      id: `retry-${s}`,
      type: "message",
      data: { text: "Das war keine E-Mail-Adresse, bitte noch einmal.", promotional: false },
    });
    const check = add({ id: `check-${s}`, type: "condition", data: { variable: `email${s}`, operator: "contains", value: "@" } });
    const crm = add({
      id: `crm-${s}`,
      type: "webhook",
      data: { url: "https://crm.example.com/api/leads", processor: "Example CRM", sends: [`name${s}`, `email${s}`], purpose: "lead" },
    });
    const thanks = add({
      id: `thanks-${s}`,
      type: "message",
      data: { text: `Danke, {{name${s}}}! Wir schreiben an {{email${s}}}.`, promotional: false },
    });
    const failed = add({
      id: `failed-${s}`,
      type: "message",
      data: { text: "Das hat nicht geklappt, versuch es später.", promotional: false },
    });
    const more = add({ id: `more-${s}`, type: "message", data: { text: "Noch etwas?", promotional: false } });

    link(menu, "info", info);
    link(info, "next", wait);
    link(menu, "contact", askName);
    link(askName, "next", askEmail);
    link(askEmail, "next", check);
    link(askEmail, "invalid", retry);
    link(retry, "next", askEmail);
    link(check, "true", crm);
    link(check, "false", retry);
    link(crm, "success", thanks);
    link(crm, "failure", failed);
    link(failed, "next", end);
    link(thanks, "next", more);
    // Loops: "back" and some branches return to an earlier menu, like real flows do.
    const earlier = menus[Math.floor(next() * menus.length)];
    link(menu, "back", earlier);
    link(menu, "fallback", menu);
    entry = wait;
    entryHandle = "next";
    link(more, "next", next() < 0.5 ? earlier : end);
  }
  link(entry, entryHandle, end);
  return { ...base, purposes: base.purposes, nodes, edges };
}
