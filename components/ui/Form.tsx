"use client";
import { useEffect, useRef, type FormHTMLAttributes, type ReactNode } from "react";
import { useHydrated } from "./useHydrated";

/**
 * A form whose fields and buttons stay disabled until React runs the page.
 * Before that, text typed into a field would be wiped when the form library takes
 * the inputs over (it writes its defaults into them), and a click on submit would
 * send the form natively, putting what was typed into the address bar.
 * Once enabled, the field marked `autoFocus` gets the focus the browser could not
 * give a disabled field.
 */
export function Form({ children, ...props }: Omit<FormHTMLAttributes<HTMLFormElement>, "method" | "noValidate"> & { children: ReactNode }) {
  const hydrated = useHydrated();
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!hydrated) return;
    const wanted = ref.current?.querySelector<HTMLElement>("[autofocus]");
    if (wanted && (document.activeElement === null || document.activeElement === document.body)) wanted.focus();
  }, [hydrated]);
  return (
    <form ref={ref} method="post" noValidate {...props}>
      <fieldset disabled={!hydrated} className="contents">
        {children}
      </fieldset>
    </form>
  );
}
