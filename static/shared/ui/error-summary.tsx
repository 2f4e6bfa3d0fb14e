// The list of problems above a form after a refused save: announced (role="alert"), focused, and
// each entry a link that focuses its field (GOV.UK's error summary pattern).
import { forwardRef } from 'react';
import type { FieldError } from '../../../src/config/field-errors';
import { fieldId, focusPath } from '../paths';

export interface ErrorSummaryProps {
  title: string;
  errors: FieldError[];
  /** Describes a path for a person: "Tenant 2, Tenant id". */
  describe?: (path: string) => string;
}

export const ErrorSummary = forwardRef<HTMLDivElement, ErrorSummaryProps>(function ErrorSummary(
  { title, errors, describe },
  ref,
) {
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {errors.slice(0, 50).map((e, i) => (
          <li key={i}>
            <a
              href={`#${fieldId(e.path)}`}
              onClick={(event) => {
                event.preventDefault();
                focusPath(e.path);
              }}
            >
              {describe ? `${describe(e.path)}: ` : e.path ? `${e.path}: ` : ''}
              {e.message}
            </a>
          </li>
        ))}
      </ul>
      {errors.length > 50 ? <p>…and {errors.length - 50} more.</p> : null}
    </div>
  );
});
