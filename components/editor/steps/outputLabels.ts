import type { useTranslations } from "next-intl";

type Translate = ReturnType<typeof useTranslations<"editor">>;

/** The label under an output handle, in words the marketer chose or understands. */
export function outputLabel(type: string, data: Record<string, unknown>, handle: string, t: Translate): string {
  if (type === "choice") {
    if (handle === "fallback") return t("outputs.fallback");
    const option = (data.options as { id: string; label: string }[] | undefined)?.find((o) => o.id === handle);
    return option?.label || handle;
  }
  if (type === "consent") {
    if (handle === "accept") return String(data.acceptLabel || t("outputs.accept"));
    if (handle === "decline") return String(data.declineLabel || t("outputs.decline"));
  }
  if (type === "handoff" && handle === "next") return t("outputs.resume");
  switch (handle) {
    case "next":
      return t("outputs.next");
    case "invalid":
      return t("outputs.invalid");
    case "true":
      return t("outputs.true");
    case "false":
      return t("outputs.false");
    case "success":
      return t("outputs.success");
    case "failure":
      return t("outputs.failure");
    default:
      return handle;
  }
}
