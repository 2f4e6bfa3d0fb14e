// The portal panels' entry: Jira's theme (design tokens as CSS variables), then the panel the
// module key asks for.
import { view } from '@forge/bridge';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../shared/tokens.css';
import './portal.css';
import { AnnouncerProvider } from '../../shared/ui/announcer';
import { App } from './App';

// Light or dark like the portal around it; outside Jira the CSS fallbacks (light) apply.
view.theme.enable().catch(() => undefined);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <AnnouncerProvider>
      <App />
    </AnnouncerProvider>
  </StrictMode>,
);
