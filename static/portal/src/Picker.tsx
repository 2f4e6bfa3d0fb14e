// The package picker on the portal's create form: a combobox (WAI-ARIA APG "editable combobox with
// list autocomplete"): type to search, Down/Up to move through the options, Enter to pick, Escape
// to close (or clear). The list comes from the resolver, filtered on the server as you type; for a
// removal request it is the caller's held packages, fetched once and filtered here. The choice is
// given to Jira with view.submit, which stores it on the new request as an issue property
// (forge-platform.md addendum); the workflow re-checks it against the allow-list.
import { view } from '@forge/bridge';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { HeldPackage, PackageListAnswer } from '../../../src/core/portal/operations';
import { PICKER_FIELD_KEY, pickerValue } from '../../../src/core/portal/picker-value';
import { searchPackages } from '../../../src/core/portal/search-packages';
import { useAnnounce } from '../../shared/ui/announcer';
import { api } from './api';
import type { PanelSettings } from './App';
import { formatDate } from './format';

const LIMIT = 20;
const DEBOUNCE_MS = 200;

type Ready = Extract<PackageListAnswer, { status: 'ready' }>;

/** Tells Jira what the form will store; failures (outside a create form) are not the person's problem. */
function submit(pkg: HeldPackage | null, required: boolean): void {
  const payload = pkg
    ? { fields: [{ key: PICKER_FIELD_KEY, value: pickerValue(pkg.id, pkg.displayName) }], isValid: true }
    : { fields: [], isValid: !required };
  view.submit(payload).catch(() => undefined);
}

export function Picker({ settings }: { settings: PanelSettings }) {
  const id = useId();
  const announce = useAnnounce();
  const [first, setFirst] = useState<PackageListAnswer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ packages: HeldPackage[]; total: number } | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [selected, setSelected] = useState<HeldPackage | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);
  const listRef = useRef<HTMLUListElement>(null);

  const ready: Ready | null = first?.status === 'ready' ? first : null;
  // Held packages (removal) are few and per person: fetched once, searched here with the same rules.
  const local = ready?.action === 'remove';

  useEffect(() => {
    void (async () => {
      const response = await api.call('listPackages', { query: '', limit: 50 });
      if (!response.ok) {
        setFailure(response.message);
        submit(null, false);
        return;
      }
      setFirst(response.value);
      if (response.value.status === 'ready') {
        setResults({ packages: response.value.packages.slice(0, LIMIT), total: response.value.total });
        // Nothing to pick (empty allow-list, nothing held): the form can still be sent, with a note.
        submit(null, response.value.total > 0);
      } else {
        submit(null, false);
      }
    })();
  }, []);

  const search = useCallback(
    async (text: string) => {
      if (!ready) return;
      if (local) {
        const found = searchPackages(ready.packages, text, LIMIT);
        setResults(found);
        return;
      }
      const mine = ++seq.current;
      setBusy(true);
      const response = await api.call('listPackages', { query: text, limit: LIMIT });
      if (mine !== seq.current) return; // an older answer arriving late
      setBusy(false);
      if (!response.ok) setFailure(response.message);
      else if (response.value.status === 'ready')
        setResults({ packages: response.value.packages, total: response.value.total });
      else setFailure(response.value.message);
    },
    [ready, local],
  );

  useEffect(() => {
    if (!ready) return;
    const timer = setTimeout(() => void search(query), local ? 0 : DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, ready, local, search]);

  // Say how many match, once the list settles, while it is open.
  useEffect(() => {
    if (!open || !results || busy) return;
    const n = results.total;
    announce(
      n === 0
        ? 'No package matches.'
        : `${n} ${n === 1 ? 'package matches' : 'packages match'}${n > results.packages.length ? `, showing the first ${results.packages.length}` : ''}.`,
    );
  }, [open, results, busy, announce]);

  useEffect(() => {
    if (active < 0) return;
    listRef.current
      ?.querySelector<HTMLElement>(`[data-index="${active}"]`)
      ?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  if (failure && !ready)
    return (
      <p className="message error" role="alert">
        {failure}
      </p>
    );
  if (!first)
    return (
      <p className="subtle" aria-busy="true">
        Loading the packages you can pick…
      </p>
    );
  if (first.status !== 'ready' || !ready) {
    if (first.status === 'not-an-access-request' || first.status === 'ready') return null;
    return (
      <div className="message info" role="status" data-testid="picker-explanation">
        {first.message}
      </div>
    );
  }
  if (ready.total === 0 && ready.query === '') {
    return (
      <div className="message info" role="status" data-testid="picker-empty">
        {ready.action === 'remove'
          ? 'You do not hold any access that can be removed here. If you think you do, describe it in the request.'
          : 'There are no access packages to pick for your organization yet. Describe the access you need in the request.'}
      </div>
    );
  }

  const options = results?.packages ?? [];
  const optionId = (i: number) => `${id}-option-${i}`;

  function choose(pkg: HeldPackage) {
    setSelected(pkg);
    setQuery(pkg.displayName);
    setOpen(false);
    setActive(-1);
    submit(pkg, true);
    announce(`${pkg.displayName} selected.`);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const n = options.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) setOpen(true);
        if (!event.altKey && n > 0) setActive((a) => (a + 1) % n);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (!open) setOpen(true);
        if (n > 0) setActive((a) => (a <= 0 ? n - 1 : a - 1));
        break;
      case 'Enter':
        if (open && active >= 0 && active < n) {
          event.preventDefault();
          choose(options[active] as HeldPackage);
        }
        break;
      case 'Escape':
        if (open) setOpen(false);
        else if (query) edit('');
        setActive(-1);
        break;
      case 'Tab':
        setOpen(false);
        break;
    }
  }

  function edit(text: string) {
    setQuery(text);
    setOpen(true);
    setActive(-1);
    if (selected) {
      setSelected(null);
      submit(null, true);
    }
  }

  const verb = ready.action === 'remove' ? 'remove' : 'request';
  return (
    <div className="picker">
      <label className="picker-label" id={`${id}-label`} htmlFor={`${id}-input`}>
        Access package to {verb}{' '}
        <span className="required" aria-hidden="true">
          *
        </span>
      </label>
      <p className="hint" id={`${id}-hint`}>
        {ready.action === 'remove'
          ? 'The access you hold now.'
          : `Packages your organization (${ready.tenantName}) may request.`}{' '}
        Type to search; use the arrow keys and Enter to pick.
      </p>
      <div className="combobox">
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={`${id}-listbox`}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          aria-describedby={`${id}-hint`}
          aria-required="true"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => edit(e.target.value)}
          onKeyDown={onKeyDown}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onClick={() => setOpen(true)}
          placeholder="Search by name or description"
          data-testid="package-input"
        />
        <ul
          className="listbox"
          id={`${id}-listbox`}
          role="listbox"
          aria-labelledby={`${id}-label`}
          ref={listRef}
          hidden={!open || options.length === 0}
        >
          {options.map((pkg, i) => (
            <li
              key={pkg.id}
              id={optionId(i)}
              data-index={i}
              role="option"
              aria-selected={i === active}
              className={`option${i === active ? ' active' : ''}${selected?.id === pkg.id ? ' chosen' : ''}`}
              // Keep focus in the input: a click must not blur it before it picks.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(pkg)}
              data-package-id={pkg.id}
            >
              <span className="option-name">
                {pkg.displayName}
                {pkg.catalogName ? <span className="option-catalog"> · {pkg.catalogName}</span> : null}
              </span>
              {pkg.description ? <span className="option-description">{pkg.description}</span> : null}
              {pkg.endDateTime ? (
                <span className="option-description">Until {formatDate(pkg.endDateTime, settings)}</span>
              ) : null}
            </li>
          ))}
        </ul>
        {open && results && options.length === 0 && !busy ? (
          <p className="no-match" data-testid="no-match">
            No package matches “{query}”.
          </p>
        ) : null}
      </div>
      {failure ? (
        <p className="field-error" role="alert">
          {failure}
        </p>
      ) : null}
      {selected ? (
        <div className="selection" data-testid="selection">
          <span className="lozenge ok">Selected</span> <strong>{selected.displayName}</strong>
          {selected.catalogName ? <span className="subtle"> · {selected.catalogName}</span> : null}
          {selected.description ? <p className="subtle">{selected.description}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
