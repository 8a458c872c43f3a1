import { parse as parseDomain } from "tldts";
import { normaliseDomain } from "./legal";

/*
 * Hosts and domains are judged with the public suffix list (tldts), never a list of
 * our own: "co.uk" and "github.io" are suffixes that anyone can register under.
 * Private suffixes (github.io, herokuapp.com) count as suffixes too, so declaring
 * one never covers other people's sites.
 *
 * Not re-exported by the flow index on purpose: the list is large, and the runtime
 * package that bots embed never judges hosts.
 */
const PSL_OPTIONS = { allowPrivateDomains: true } as const;

/**
 * `isPublicHost` per host as written: every validation asks it for the same few hosts
 * (the legal settings' links, the processors' domains, the webhooks' hosts), and a
 * look-up in the public suffix list costs more than the rest of a small flow's workspace rules.
 */
const publicHosts = new Map<string, boolean>();
const HOST_CACHE_SIZE = 1_000;

/**
 * Whether `host` is a name on the public internet: under a public suffix with a
 * registrable part ("example.com", "www.example.co.uk"), not an IP literal, not a
 * single label ("localhost", "x") and not a suffix alone ("co.uk").
 */
export function isPublicHost(host: string): boolean {
  let answer = publicHosts.get(host);
  if (answer === undefined) {
    answer = judgeHost(host);
    // Bounded like the lexicon's readings: a stream of new hosts must not grow memory forever.
    if (publicHosts.size >= HOST_CACHE_SIZE) publicHosts.clear();
    publicHosts.set(host, answer);
  }
  return answer;
}

function judgeHost(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (name === "") return false;
  const parsed = parseDomain(name, PSL_OPTIONS);
  if (parsed.isIp === true || parsed.domain === null) return false;
  // Reserved names (.local, .test, .invalid, .localhost) are in no section of the list.
  return parsed.isIcann === true || parsed.isPrivate === true;
}

/** Whether a processor domain may be declared: a public host, not a suffix such as "com" or "co.uk". */
export function isRegistrableDomain(domain: string): boolean {
  return isPublicHost(normaliseDomain(domain));
}

/** The registrable domain of a public host ("crm.example.co.uk" → "example.co.uk"), or null for any other host. */
export function registrableDomainOf(host: string): string | null {
  if (!isPublicHost(host)) return null;
  return parseDomain(normaliseDomain(host), PSL_OPTIONS).domain ?? null;
}

/** Whether `domain` is a public suffix itself ("com", "co.uk", "github.io"): registrable only below it. */
export function isPublicSuffix(domain: string): boolean {
  const name = normaliseDomain(domain);
  if (name === "") return false;
  const parsed = parseDomain(name, PSL_OPTIONS);
  return (
    parsed.isIp !== true && parsed.domain === null && parsed.publicSuffix === name && (parsed.isIcann === true || parsed.isPrivate === true)
  );
}

export type UrlProblem = "missing" | "notHttps" | "notPublic";

/** Why `value` is not an https URL on a public host, or null when it is one. */
export function publicHttpsUrlProblem(value: string): UrlProblem | null {
  const trimmed = value.trim();
  if (trimmed === "") return "missing";
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return "notHttps";
  }
  if (url.protocol !== "https:") return "notHttps";
  // The URL parser has already turned "0x7f.1" and friends into 127.0.0.1.
  return isPublicHost(url.hostname) ? null : "notPublic";
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@([^\s@<>()[\]\\,;:"]+)$/;

/** Why a privacy contact is not an e-mail address or an https URL on public hosts, or null when it is. */
export function privacyContactProblem(value: string): "missing" | "invalid" | null {
  const trimmed = value.trim();
  if (trimmed === "") return "missing";
  const mail = EMAIL.exec(trimmed.replace(/^mailto:/i, ""));
  if (mail) return isPublicHost(mail[1].toLowerCase()) ? null : "invalid";
  return publicHttpsUrlProblem(trimmed) === null ? null : "invalid";
}
