"use client";
import clsx from "clsx";
import { useId, useState, type ReactNode } from "react";

/*
 * Small controlled form fields for the inspector. Each shows its label, a help
 * line in plain words and, when the schema refuses the value, the reason.
 */
type FieldShell = { label: string; help?: string; error?: string; disabled?: boolean };

function Shell({ id, label, help, error, children }: FieldShell & { id: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : (
        help && (
          <p id={`${id}-help`} className="text-xs text-slate-500">
            {help}
          </p>
        )
      )}
    </div>
  );
}

const inputClass = (error?: string) =>
  clsx(
    "w-full rounded-lg border bg-white px-2.5 py-1.5 text-sm outline-none focus:ring-2 disabled:bg-slate-50 disabled:text-slate-500",
    error ? "border-red-400 focus:ring-red-100" : "border-slate-300 focus:border-brand-500 focus:ring-brand-100",
  );

export function TextInput(
  props: FieldShell & {
    value: string;
    onChange: (value: string) => void;
    placeholder?: string;
    testId?: string;
    /** Values the browser offers while typing (free text stays allowed). */
    suggestions?: readonly string[];
  },
) {
  const id = useId();
  const suggestions = props.suggestions?.filter((value) => value !== "") ?? [];
  return (
    <Shell id={id} {...props}>
      {suggestions.length > 0 && (
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
      )}
      <input
        id={id}
        data-testid={props.testId}
        list={suggestions.length > 0 ? `${id}-suggestions` : undefined}
        value={props.value}
        placeholder={props.placeholder}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : props.help ? `${id}-help` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        className={inputClass(props.error)}
      />
    </Shell>
  );
}

export function TextArea(props: FieldShell & { value: string; onChange: (value: string) => void; rows?: number; testId?: string }) {
  const id = useId();
  return (
    <Shell id={id} {...props}>
      <textarea
        id={id}
        data-testid={props.testId}
        value={props.value}
        rows={props.rows ?? 4}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : props.help ? `${id}-help` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        className={clsx(inputClass(props.error), "resize-y")}
      />
    </Shell>
  );
}

export function NumberInput(props: FieldShell & { value: number; onChange: (value: number) => void; min?: number }) {
  const id = useId();
  return (
    <Shell id={id} {...props}>
      <input
        id={id}
        type="number"
        min={props.min ?? 0}
        value={Number.isFinite(props.value) ? props.value : 0}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value === "" ? 0 : Number(e.target.value))}
        className={inputClass(props.error)}
      />
    </Shell>
  );
}

export function Select<T extends string>(
  props: FieldShell & { value: T | ""; options: { value: T | ""; label: string }[]; onChange: (value: T | "") => void },
) {
  const id = useId();
  return (
    <Shell id={id} {...props}>
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value as T | "")}
        className={inputClass(props.error)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

export function Checkbox(props: {
  label: string;
  help?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.checked)}
        className="mt-0.5 size-4 accent-brand-600"
      />
      <div>
        <label htmlFor={id} className="text-sm text-slate-800">
          {props.label}
        </label>
        {props.help && <p className="text-xs text-slate-500">{props.help}</p>}
      </div>
    </div>
  );
}

function parseList(text: string): string[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** A comma-separated list edited as one line (keywords, variables); the typed text stays as typed. */
export function ListInput(props: FieldShell & { value: string[]; onChange: (value: string[]) => void; placeholder?: string }) {
  const joined = props.value.join(", ");
  const [text, setText] = useState(joined);
  // Follow outside changes (undo), but not our own echo while typing: adjusted while
  // rendering, so the field never shows the old list for a frame.
  const [shown, setShown] = useState(joined);
  if (shown !== joined) {
    setShown(joined);
    if (parseList(text).join(", ") !== joined) setText(joined);
  }
  return (
    <TextInput
      {...props}
      value={text}
      onChange={(next) => {
        setText(next);
        const list = parseList(next);
        if (list.join(", ") !== joined) props.onChange(list);
      }}
    />
  );
}

export function CheckboxGroup<T extends string>(props: {
  legend: string;
  help?: string;
  error?: string;
  options: { value: T; label: string }[];
  value: T[];
  onChange: (value: T[]) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="mb-1 text-xs font-medium text-slate-700">{props.legend}</legend>
      {props.options.map((option) => (
        <Checkbox
          key={option.value}
          label={option.label}
          disabled={props.disabled}
          checked={props.value.includes(option.value)}
          onChange={(checked) => props.onChange(checked ? [...props.value, option.value] : props.value.filter((v) => v !== option.value))}
        />
      ))}
      {props.error ? (
        <p role="alert" className="text-xs text-red-600">
          {props.error}
        </p>
      ) : (
        props.help && <p className="text-xs text-slate-500">{props.help}</p>
      )}
    </fieldset>
  );
}
