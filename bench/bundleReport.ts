/*
 * Bundle report: which modules fill the browser's chunks. Reads a production build made
 * with source maps (FLOWGUARD_SOURCE_MAPS=1) and prints, per chunk, its size and the
 * biggest sources in it, attributed byte by byte through the chunk's source map. Needs
 * no network and no plugin.
 *
 *   FLOWGUARD_SOURCE_MAPS=1 FLOWGUARD_DIST_DIR=.next-maps npx next build
 *   npx tsx bench/bundleReport.ts .next-maps [CHUNK-NAME-PART…] [--top=N]
 *
 * With chunk name parts (e.g. the files `BENCH_JS_LIST=1 npm run bench -- editor` prints),
 * only the chunks whose path contains one of them are listed, and a total over them.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The values of one source-map segment (base64 VLQ, 5 bits per digit, sign in the lowest bit). */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`Not a source-map digit: ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

type RawMap = { sources: string[]; mappings?: string; sections?: { offset: { line: number; column: number }; map: RawMap }[] };

/** Bytes of the generated code per source (lines of the chunk split at each segment; unmapped bytes under "(unmapped)"). */
function bytesPerSource(code: string, map: RawMap): Map<string, number> {
  const lines = code.split("\n");
  const sizes = new Map<string, number>();
  const add = (source: string, bytes: number) => sizes.set(source, (sizes.get(source) ?? 0) + bytes);
  const walk = (raw: RawMap, lineOffset: number, columnOffset: number, untilLine: number) => {
    if (raw.sections) {
      raw.sections.forEach((section, i) => {
        const next = raw.sections![i + 1];
        walk(section.map, lineOffset + section.offset.line, section.offset.column, next ? lineOffset + next.offset.line : untilLine);
      });
      return;
    }
    let source = 0;
    (raw.mappings ?? "").split(";").forEach((lineMappings, i) => {
      const lineIndex = lineOffset + i;
      if (lineIndex >= untilLine || lineIndex >= lines.length) return;
      const line = lines[lineIndex];
      let column = i === 0 ? columnOffset : 0;
      let current: string | null = null;
      let start = column;
      for (const segment of lineMappings.split(",").filter(Boolean)) {
        const values = decodeSegment(segment);
        column += values[0];
        if (current !== null) add(current, Buffer.byteLength(line.slice(start, column)));
        if (values.length >= 4) {
          source += values[1];
          current = raw.sources[source] ?? "(unknown)";
        } else current = "(unmapped)";
        start = column;
      }
      if (current !== null) add(current, Buffer.byteLength(line.slice(start)));
    });
  };
  walk(map, 0, 0, lines.length);
  return sizes;
}

/** A source named as a reader looks for it: the package for node_modules, else the project file. */
function groupOf(source: string): string {
  const clean = source.replace(/^(turbopack|webpack):\/\/\/?(\[project\]\/)?/, "").replace(/^\.\//, "");
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(clean);
  return modules ? `npm:${modules[1]}` : clean;
}

function listChunks(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listChunks(full);
    return entry.name.endsWith(".js") ? [full] : [];
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function main(): void {
  const args = process.argv.slice(2);
  const top = Number(args.find((a) => a.startsWith("--top="))?.slice(6) ?? 12);
  const [distDir = ".next", ...filters] = args.filter((a) => !a.startsWith("--"));
  const chunksDir = path.join(distDir, "static");
  if (!fs.existsSync(chunksDir)) throw new Error(`No build at ${distDir} (static/ is missing).`);
  const chunks = listChunks(chunksDir).filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
  let missingMaps = 0;
  const total = { raw: 0, gzip: 0, groups: new Map<string, number>() };
  const rows = chunks.map((file) => {
    const code = fs.readFileSync(file, "utf8");
    const raw = Buffer.byteLength(code);
    const gzip = zlib.gzipSync(code, { level: 9 }).length;
    // Turbopack names the map in the chunk's last line; webpack puts it beside the chunk.
    const named = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
    const mapFile = named && !named.startsWith("data:") ? path.join(path.dirname(file), named) : `${file}.map`;
    let groups = new Map<string, number>();
    if (fs.existsSync(mapFile)) {
      for (const [source, bytes] of bytesPerSource(code, JSON.parse(fs.readFileSync(mapFile, "utf8")) as RawMap)) {
        const group = groupOf(source);
        groups.set(group, (groups.get(group) ?? 0) + bytes);
      }
    } else {
      missingMaps++;
      groups = new Map([["(no source map)", raw]]);
    }
    return { file: path.relative(chunksDir, file), raw, gzip, groups };
  });
  rows.sort((a, b) => b.gzip - a.gzip);
  for (const row of rows) {
    total.raw += row.raw;
    total.gzip += row.gzip;
    for (const [group, bytes] of row.groups) total.groups.set(group, (total.groups.get(group) ?? 0) + bytes);
    console.log(`\n${row.file}: ${kb(row.raw)} raw, ${kb(row.gzip)} gzip`);
    for (const [group, bytes] of [...row.groups].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${kb(bytes).padStart(10)}  ${group}`);
    }
  }
  console.log(`\n${rows.length} chunks: ${kb(total.raw)} raw, ${kb(total.gzip)} gzip; biggest sources over all of them:`);
  for (const [group, bytes] of [...total.groups].sort((a, b) => b[1] - a[1]).slice(0, top * 2)) {
    console.log(`  ${kb(bytes).padStart(10)}  ${group}`);
  }
  if (missingMaps > 0) console.log(`${missingMaps} chunks without a source map: build with FLOWGUARD_SOURCE_MAPS=1.`);
}

main();
