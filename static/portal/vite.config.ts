// static/portal: the customer-portal panels (resource portal-ui -> static/portal/build). One build
// serves the package picker, the customer's status panel and the agents' panel: it renders by the
// module key in view.getContext() (manifest.yml).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { staticAppConfig } from '../shared/vite-app';

export default defineConfig(staticAppConfig(fileURLToPath(new URL('.', import.meta.url))));
