import { ZFlowNode } from "@/core/flow/schema";

export { autoInsertAfterEdit } from "./autoInsert";
export { guardedRemove } from "./guard";

/** Field errors from the same zod schema the server uses, keyed by field name. */
export function fieldErrors(id: string, type: string, data: Record<string, unknown>): Record<string, string> {
  const result = ZFlowNode.safeParse({ id, type, position: { x: 0, y: 0 }, data });
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[1] ?? issue.path[0] ?? "");
    errors[field] ??= issue.message;
  }
  return errors;
}
