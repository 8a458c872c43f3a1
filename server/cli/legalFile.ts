import { ZWorkspaceLegal, type WorkspaceLegal } from "@/core/flow";
import { readJsonFile } from "./io";

/** Reads `--legal FILE`; an error string when it is unreadable or not the legal shape. */
export async function readLegalFile(path: string): Promise<{ ok: true; legal: WorkspaceLegal } | { ok: false; error: string }> {
  const read = await readJsonFile(path);
  if (!read.ok) return read;
  const parsed = ZWorkspaceLegal.safeParse(read.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    return { ok: false, error: `${path} is not valid legal settings: ${problems.join("; ")}` };
  }
  return { ok: true, legal: parsed.data };
}
