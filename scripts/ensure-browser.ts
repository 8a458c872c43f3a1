/*
 * End-to-end tests drive a real Chromium. Playwright cannot download its own
 * here, so we use the system's: CHROMIUM_PATH, else /usr/bin/chromium. On
 * Debian we install the package when it is missing; anywhere else we stop with
 * a message that says what to do.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { chromiumPath } from "../e2e/browser";

function isDebian(): boolean {
  return fs.existsSync("/etc/debian_version") && fs.existsSync("/usr/bin/apt-get");
}

const path = chromiumPath();
if (fs.existsSync(path)) process.exit(0);

if (!isDebian()) {
  console.error(`No Chromium found at ${path}. Install Chromium and set CHROMIUM_PATH to its executable, then run the tests again.`);
  process.exit(1);
}

console.log("Chromium is missing; installing Debian's chromium package …");
const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
function run(command: string[]) {
  const [bin, ...args] = [...sudo, ...command];
  execFileSync(bin, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}
try {
  run(["apt-get", "update"]);
  run(["apt-get", "install", "-y", "chromium"]);
} catch {
  console.error("Installing chromium failed. Run `apt-get install chromium` as root, or set CHROMIUM_PATH.");
  process.exit(1);
}
if (!fs.existsSync(path)) {
  console.error(`Chromium was installed but is not at ${path}; set CHROMIUM_PATH to its executable.`);
  process.exit(1);
}
