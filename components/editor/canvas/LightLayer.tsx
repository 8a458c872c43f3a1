"use client";
import { ViewportPortal } from "@xyflow/react";
import clsx from "clsx";
import { memo, useMemo, type ReactNode } from "react";

/*
 * One SVG inside React Flow's viewport for many shapes zoomed far out (light boxes, light
 * connections). The browser paints it as one layer and has nothing in it to hit-test (it
 * takes no pointer), however many shapes it holds. Shapes come in groups: a drag frame
 * re-renders the group holding the moving step's shapes, and React skips the others whole.
 */

/** Shapes per group. */
const GROUP = 64;

type GroupProps<T> = { items: readonly T[]; draw: (item: T) => ReactNode };

const LightGroup = memo(
  function LightGroup({ items, draw }: GroupProps<unknown>) {
    return items.map((item) => draw(item));
  },
  (a, b) => a.draw === b.draw && a.items.length === b.items.length && a.items.every((item, i) => item === b.items[i]),
) as <T>(props: GroupProps<T>) => ReactNode;

/** Draws `items` with `draw` (a stable function; each item keyed by the caller) in one SVG under the viewport's transform. */
export function LightLayer<T>({
  items,
  draw,
  className,
  testId,
}: {
  items: readonly T[];
  draw: (item: T) => ReactNode;
  className: string;
  testId: string;
}) {
  const groups = useMemo(() => {
    const result: T[][] = [];
    for (let i = 0; i < items.length; i += GROUP) result.push(items.slice(i, i + GROUP));
    return result;
  }, [items]);
  return (
    <ViewportPortal>
      <svg
        data-testid={testId}
        data-count={items.length}
        className={clsx(className, "pointer-events-none absolute top-0 left-0 overflow-visible")}
        width={1}
        height={1}
      >
        {groups.map((group, index) => (
          <LightGroup key={index} items={group} draw={draw} />
        ))}
      </svg>
    </ViewportPortal>
  );
}
