// Copies a text (the web trigger URL) and says so to everyone: the button's text changes and the
// live region announces it. Falls back to selecting the text when the iframe may not use the
// clipboard API (Custom UI runs in a sandboxed iframe).
import { useState } from 'react';
import { useAnnounce } from './announcer';

export function CopyButton({ text, label, selectId }: { text: string; label: string; selectId?: string }) {
  const announce = useAnnounce();
  const [copied, setCopied] = useState(false);
  async function copy() {
    let ok: boolean;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      const input = selectId ? (document.getElementById(selectId) as HTMLInputElement | null) : null;
      input?.select();
      ok = Boolean(input) && document.execCommand?.('copy') === true;
    }
    setCopied(ok);
    announce(
      ok
        ? `${label}: copied to the clipboard.`
        : `${label}: the text is selected; press Control+C (or Command+C) to copy it.`,
    );
    if (ok) setTimeout(() => setCopied(false), 2500);
  }
  return (
    <button type="button" className="button" onClick={copy} aria-label={`Copy ${label}`}>
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
