import { z } from "zod";

/*
 * Field rules shared by the sign-up form and the server. Messages are
 * translation keys (under `validation.` in the message catalogues), so the form
 * shows the same words the server would answer with.
 */
export const NAME_MAX = 100;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "validation.emailRequired")
  .max(254, "validation.emailTooLong")
  .pipe(z.email("validation.emailInvalid"));

/*
 * Names are shown to other members, in the audit log and in mails. Control
 * characters (NUL, line breaks) and bidi overrides (U+202A–202E, U+2066–2069),
 * which make "Anna\u202Egpj.exe" read as something else, are removed; a name of
 * nothing but invisible characters (zero-width spaces and joiners, word joiner,
 * BOM, soft hyphen) counts as empty.
 */
const UNSAFE_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const INVISIBLE = /[\s\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200d\u2060-\u2064\u3164\ufeff\uffa0]/gu;

/** The name without control and bidi-override characters, trimmed; "" when only invisible characters remain. */
export function cleanPersonName(value: string): string {
  const cleaned = value.replace(UNSAFE_IN_NAMES, "").trim();
  return cleaned.replace(INVISIBLE, "") === "" ? "" : cleaned;
}

export const ZPersonName = z
  .string()
  .max(NAME_MAX * 4, "validation.nameTooLong")
  .transform(cleanPersonName)
  .pipe(z.string().min(1, "validation.nameRequired").max(NAME_MAX, "validation.nameTooLong"));

export const ZNewPassword = z
  .string()
  .min(PASSWORD_MIN, "validation.passwordTooShort")
  .max(PASSWORD_MAX, "validation.passwordTooLong")
  .refine((p) => /\p{L}/u.test(p) && /[\p{N}\p{P}\p{S}]/u.test(p), "validation.passwordWeak");

export const ZSignUpRequest = z.object({
  name: ZPersonName,
  email: ZEmail,
  password: ZNewPassword,
});
export type SignUpRequest = z.infer<typeof ZSignUpRequest>;

export const ZChangePasswordRequest = z.object({
  currentPassword: z.string().min(1, "validation.passwordRequired").max(PASSWORD_MAX),
  newPassword: ZNewPassword,
});

export const ZSignInRequest = z.object({
  email: ZEmail,
  password: z.string().min(1, "validation.passwordRequired").max(PASSWORD_MAX),
});

const FALLBACK = "/dashboard";
/** Any origin works: only whether parsing keeps a value on it matters. */
const PROBE_ORIGIN = "https://flowguard.invalid";

/**
 * Only same-origin paths are followed after sign-in, never another host. Browsers
 * drop tabs and newlines and read `\` as `/`, so `/\t/evil.example` means
 * `//evil.example`: the value is therefore judged after URL parsing, and control
 * characters or backslashes refuse it outright. The answer is the parsed path.
 */
export function safeCallbackUrl(value: string | undefined | null): string {
  if (!value || !value.startsWith("/") || value.length > 2048) return FALLBACK;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return FALLBACK;
  let parsed: URL;
  try {
    parsed = new URL(value, PROBE_ORIGIN);
  } catch {
    return FALLBACK;
  }
  if (parsed.origin !== PROBE_ORIGIN) return FALLBACK;
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  // Decoded slashes (`/%2F/evil`) stay encoded in `pathname`; a path that still reads as protocol-relative is refused.
  if (path.startsWith("//") || /^\/(%2f|%5c)/i.test(path)) return FALLBACK;
  return path;
}

/** For next-auth's redirect callback: absolute URLs on our own origin are fine too. */
export function safeRedirect(url: string, baseUrl: string): string {
  if (url.startsWith("/")) return `${baseUrl}${safeCallbackUrl(url)}`;
  try {
    const parsed = new URL(url);
    if (parsed.origin === new URL(baseUrl).origin)
      return `${baseUrl}${safeCallbackUrl(`${parsed.pathname}${parsed.search}${parsed.hash}`)}`;
  } catch {
    // Not a URL at all: fall through to the default.
  }
  return `${baseUrl}${FALLBACK}`;
}
