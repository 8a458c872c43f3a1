import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";

/*
 * Builds @flowguard/runtime from core/ (one source for the app, the CLI and bots):
 * one ES module bundled by esbuild for a neutral platform (no Node built-ins can slip
 * in: the build fails on them) and declarations emitted by the TypeScript compiler.
 * zod and use-intl (which words the runtime's sentences from the catalogues) stay
 * dependencies, so a bot that uses them too shares one copy.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

export interface RuntimeBuild {
  outDir: string;
  /** Bytes of dist/index.js. */
  bytes: number;
  /** Source files in the bundle, relative to the repository root. */
  inputs: string[];
}

/**
 * The compiler keeps import specifiers as written, and a few core/ files import
 * through the app's `@/` alias, which a bot's compiler cannot resolve: rewrite them to
 * relative paths inside the emitted declarations.
 */
function relativizeAliases(typesDir: string): void {
  for (const entry of fs.readdirSync(typesDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = fs.readFileSync(file, "utf8");
    const fixed = text.replace(/(["'])@\/([^"']+)\1/g, (_match, quote: string, target: string) => {
      const relative = path.relative(path.dirname(file), path.join(typesDir, target)).split(path.sep).join("/");
      return `${quote}${relative.startsWith(".") ? relative : `./${relative}`}${quote}`;
    });
    if (fixed !== text) fs.writeFileSync(file, fixed);
  }
}

export async function buildRuntimePackage(): Promise<RuntimeBuild> {
  const outDir = path.join(here, "dist");
  fs.rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [path.join(here, "src/index.ts")],
    outfile: path.join(outDir, "index.js"),
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    mainFields: ["module", "main"],
    external: ["zod", "use-intl", "use-intl/core"],
    metafile: true,
    sourcemap: true,
    legalComments: "none",
    logLevel: "error",
  });
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(here, "tsconfig.build.json")], { cwd: root, stdio: "pipe" });
  relativizeAliases(path.join(outDir, "types"));
  fs.writeFileSync(path.join(outDir, "index.d.ts"), 'export * from "./types/packages/runtime/src/index";\n');
  return {
    outDir,
    bytes: fs.statSync(path.join(outDir, "index.js")).size,
    inputs: Object.keys((result.metafile as Metafile).inputs).map((file) => path.relative(root, path.resolve(root, file))),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildRuntimePackage().then(
    (built) =>
      console.log(
        `@flowguard/runtime: ${path.relative(root, built.outDir)}/index.js, ${built.bytes} bytes, ${built.inputs.length} source files`,
      ),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
