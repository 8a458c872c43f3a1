"use client";
import clsx from "clsx";
import Link from "next/link";
import { useCallback, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

export type MenuEntry =
  { kind: "item"; label: string; icon?: ReactNode; onSelect?: () => void; href?: string; trailing?: ReactNode } | { kind: "separator" };

/**
 * A menu button on the browser's popover: Escape and clicks outside close it,
 * arrow keys move between items, focus returns to the button. `buttonLabel` names an
 * icon-only button; a button showing text is named by its content instead (its name
 * must contain the words seen on it).
 */
export function Menu({
  buttonLabel,
  buttonContent,
  buttonClassName,
  entries,
  align = "start",
  width = "w-56",
}: {
  buttonLabel?: string;
  buttonContent: ReactNode;
  buttonClassName?: string;
  entries: MenuEntry[];
  align?: "start" | "end";
  width?: string;
}) {
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  const place = useCallback(() => {
    const button = buttonRef.current?.getBoundingClientRect();
    const menu = menuRef.current;
    if (!button || !menu) return;
    menu.style.top = `${button.bottom + 4}px`;
    menu.style.left = align === "end" ? `${Math.max(8, button.right - menu.offsetWidth)}px` : `${button.left}px`;
  }, [align]);

  function toggle() {
    const menu = menuRef.current;
    if (!menu) return;
    if (menu.matches(":popover-open")) menu.hidePopover();
    else {
      menu.showPopover();
      place();
      items()[0]?.focus();
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    if (event.key === "ArrowDown") list[(index + 1) % list.length]?.focus();
    else if (event.key === "ArrowUp") list[(index - 1 + list.length) % list.length]?.focus();
    else if (event.key === "Home") list[0]?.focus();
    else if (event.key === "End") list[list.length - 1]?.focus();
    else if (event.key === "Tab") menuRef.current?.hidePopover();
    else return;
    event.preventDefault();
  }

  const close = () => menuRef.current?.hidePopover();
  const itemClass = "flex w-full items-center gap-2 rounded-lg px-3 py-2 text-left outline-none hover:bg-slate-100 focus:bg-slate-100";

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-label={buttonLabel}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        onClick={toggle}
        className={buttonClassName}
      >
        {buttonContent}
      </button>
      <div
        ref={menuRef}
        id={id}
        popover="auto"
        role="menu"
        aria-label={buttonLabel}
        onKeyDown={onKeyDown}
        onToggle={(event) => {
          const isOpen = (event as unknown as { newState: string }).newState === "open";
          setOpen(isOpen);
          if (!isOpen && menuRef.current?.contains(document.activeElement)) buttonRef.current?.focus();
        }}
        className={clsx("fixed m-0 rounded-xl bg-white p-1 text-sm shadow-lg ring-1 ring-slate-200", width)}
        style={{ inset: "auto" }}
      >
        {entries.map((entry, index) =>
          entry.kind === "separator" ? (
            <div key={`sep-${index}`} role="separator" className="my-1 h-px bg-slate-200" />
          ) : entry.href ? (
            <Link key={entry.label} href={entry.href} role="menuitem" tabIndex={-1} onClick={close} className={itemClass}>
              {entry.icon}
              <span className="flex-1 truncate">{entry.label}</span>
              {entry.trailing}
            </Link>
          ) : (
            <button
              key={entry.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                close();
                entry.onSelect?.();
              }}
              className={itemClass}
            >
              {entry.icon}
              <span className="flex-1 truncate">{entry.label}</span>
              {entry.trailing}
            </button>
          ),
        )}
      </div>
    </>
  );
}
