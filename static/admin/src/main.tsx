// The admin page's entry: Jira's theme (design tokens as CSS variables), then the app.
import { view } from '@forge/bridge';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../shared/tokens.css';
import { AnnouncerProvider } from '../../shared/ui/announcer';
import { App } from './App';

// Light or dark like the Jira around it; a page without the theme still works on the fallbacks.
view.theme.enable().catch(() => undefined);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <AnnouncerProvider>
      <App />
    </AnnouncerProvider>
  </StrictMode>,
);
