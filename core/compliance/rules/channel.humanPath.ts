import type { Rule } from "../types";

/** A WhatsApp flow has a reachable handoff, so people can always get to a human. */
export const channelHumanPath: Rule = {
  id: "channel.humanPath",
  severity: "warning",
  needsLegal: false,
  basis: "WhatsApp Business policy",
  check(context) {
    if (!context.document.channels.includes("whatsapp")) return [];
    const reach = context.reachFromStarts();
    if (context.indicesOfType.handoff.some((index) => reach.reached[index] === 1)) return [];
    return [
      {
        rule: this.id,
        severity: this.severity,
        nodeId: null,
        params: {},
      },
    ];
  },
};
