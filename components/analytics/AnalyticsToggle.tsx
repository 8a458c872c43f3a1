"use client";
import { ChartNoAxesColumn } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/Button";
import { useCanvasOverlay } from "@/components/editor/canvas/overlay";

/** The top bar's switch into the "Auswertung" mode; the panel itself loads on demand. */
export function AnalyticsToggle() {
  const t = useTranslations("analytics");
  const active = useCanvasOverlay((s) => s.active);
  const setActive = useCanvasOverlay((s) => s.setActive);
  return (
    <Button
      variant={active ? "secondary" : "ghost"}
      size="sm"
      onClick={() => setActive(!active)}
      aria-pressed={active}
      data-testid="analytics-toggle"
      title={t("modeHint")}
    >
      <ChartNoAxesColumn className="size-4" aria-hidden />
      <span className="hidden lg:inline">{active ? t("modeOn") : t("mode")}</span>
    </Button>
  );
}
