// The rule lives with the other sign-in rules, so the server's redirect callback uses the same one.
export { safeCallbackUrl } from "@/core/domain/auth";
