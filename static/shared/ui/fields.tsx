// Accessible form fields: a visible <label>, hint and error text linked with aria-describedby,
// aria-invalid on error, and the id from the field's path (paths.ts) so errors from the schema or
// the resolver land here and the error summary can focus the input.
import type { ReactNode } from 'react';
import type { FieldError } from '../../../src/config/field-errors';
import { fieldId } from '../paths';

interface Base {
  path: string;
  label: string;
  errors?: FieldError[];
  hint?: ReactNode;
  required?: boolean;
  disabled?: boolean;
}

function describedBy(id: string, hint: unknown, errors: FieldError[] | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** A field's label, with a star (hidden from screen readers) when the field is required. */
function FieldLabel({ id, label, required }: { id: string; label: ReactNode; required?: boolean }) {
  return (
    <label htmlFor={id}>
      {label}
      {required ? (
        <span className="required" aria-hidden="true">
          {' '}
          *
        </span>
      ) : null}
    </label>
  );
}

export function FieldMessages({ id, hint, errors }: { id: string; hint?: ReactNode; errors?: FieldError[] }) {
  return (
    <>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {errors?.length ? (
        <div className="field-error" id={`${id}-error`}>
          {errors.map((e, i) => (
            <div key={i}>
              <span aria-hidden="true">⚠ </span>
              {e.message}
            </div>
          ))}
        </div>
      ) : null}
    </>
  );
}

export function TextField(
  props: Base & {
    value: string | undefined;
    onChange(value: string): void;
    type?: 'text' | 'password' | 'url' | 'number';
    placeholder?: string;
    readOnly?: boolean;
    autoComplete?: string;
    spellCheck?: boolean;
    inputMode?: 'text' | 'numeric' | 'url';
    className?: string;
    /** Enter runs this instead of submitting the surrounding form (e.g. the secret form). */
    onEnter?(): void;
  },
) {
  const id = fieldId(props.path);
  const invalid = Boolean(props.errors?.length);
  return (
    <div className={`field ${props.className ?? ''}`}>
      <FieldLabel id={id} label={props.label} required={props.required} />
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(id, props.hint, props.errors)}
        aria-required={props.required || undefined}
        placeholder={props.placeholder}
        readOnly={props.readOnly}
        disabled={props.disabled}
        autoComplete={props.autoComplete ?? 'off'}
        spellCheck={props.spellCheck ?? false}
        inputMode={props.inputMode}
        onKeyDown={
          props.onEnter
            ? (e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  props.onEnter?.();
                }
              }
            : undefined
        }
      />
      <FieldMessages id={id} hint={props.hint} errors={props.errors} />
    </div>
  );
}

export function TextArea(
  props: Base & { value: string; onChange(value: string): void; rows?: number; readOnly?: boolean },
) {
  const id = fieldId(props.path);
  return (
    <div className="field">
      <FieldLabel id={id} label={props.label} required={props.required} />
      <textarea
        id={id}
        value={props.value}
        rows={props.rows ?? 6}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.errors)}
        readOnly={props.readOnly}
        disabled={props.disabled}
        spellCheck={false}
        autoComplete="off"
      />
      <FieldMessages id={id} hint={props.hint} errors={props.errors} />
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function SelectField(
  props: Base & {
    value: string | undefined;
    onChange(value: string): void;
    choices: Choice[];
    placeholder?: string;
  },
) {
  const id = fieldId(props.path);
  return (
    <div className="field">
      <FieldLabel id={id} label={props.label} required={props.required} />
      <select
        id={id}
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.errors?.length ? true : undefined}
        aria-describedby={describedBy(id, props.hint, props.errors)}
        disabled={props.disabled}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <FieldMessages id={id} hint={props.hint} errors={props.errors} />
    </div>
  );
}

export function Checkbox(props: {
  id?: string;
  path?: string;
  label: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  disabled?: boolean;
  describedBy?: string;
}) {
  const id = props.id ?? fieldId(props.path ?? '');
  return (
    <div className="checkbox">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
        disabled={props.disabled}
        aria-describedby={props.describedBy}
      />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

/** A <fieldset> whose errors (at its path or below) show under its legend; focusable for the summary. */
export function FieldGroup(props: {
  path: string;
  legend: ReactNode;
  errors?: FieldError[];
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const id = fieldId(props.path);
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      className={`group ${props.className ?? ''}`}
      aria-describedby={describedBy(id, props.hint, props.errors)}
      aria-invalid={props.errors?.length ? true : undefined}
    >
      <legend>{props.legend}</legend>
      <FieldMessages id={id} hint={props.hint} errors={props.errors} />
      {props.children}
    </fieldset>
  );
}
