// Which panel to show: the module key of the context (manifest.yml), else the extension type.
// Locale and time zone come from the context too, so dates read as the person's Jira shows them.
import { view } from '@forge/bridge';
import { useEffect, useState } from 'react';
import { Picker } from './Picker';
import { StatusPanel } from './StatusPanel';

type Surface = 'picker' | 'status' | 'agent';

const BY_MODULE: Record<string, Surface> = {
  'package-picker': 'picker',
  'request-status': 'status',
  'agent-status': 'agent',
};
const BY_TYPE: Record<string, Surface> = {
  'jiraServiceManagement:portalRequestCreatePropertyPanel': 'picker',
  'jiraServiceManagement:portalRequestDetail': 'status',
  'jira:issueContext': 'agent',
};

export interface PanelSettings {
  locale: string;
  timeZone?: string;
}

interface Loaded extends PanelSettings {
  surface?: Surface;
}

const own = (table: Record<string, Surface>, key: unknown): Surface | undefined =>
  typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;

export function App() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    view
      .getContext()
      .then((context) => {
        const c = context as {
          moduleKey?: unknown;
          locale?: unknown;
          timezone?: unknown;
          extension?: { type?: unknown };
        };
        setLoaded({
          surface: own(BY_MODULE, c.moduleKey) ?? own(BY_TYPE, c.extension?.type),
          locale: typeof c.locale === 'string' ? c.locale.replace('_', '-') : 'en-US',
          timeZone: typeof c.timezone === 'string' ? c.timezone : undefined,
        });
      })
      .catch(() => setProblem('This panel could not start. Reload the page.'));
  }, []);

  if (problem)
    return (
      <p className="message error" role="alert">
        {problem}
      </p>
    );
  if (!loaded)
    return (
      <p className="subtle" aria-busy="true">
        Loading…
      </p>
    );
  const settings = { locale: loaded.locale, timeZone: loaded.timeZone };
  switch (loaded.surface) {
    case 'picker':
      return <Picker settings={settings} />;
    case 'status':
      return <StatusPanel settings={settings} agent={false} />;
    case 'agent':
      return <StatusPanel settings={settings} agent={true} />;
    default:
      return (
        <p className="message error" role="alert">
          This panel is not meant for this page.
        </p>
      );
  }
}
