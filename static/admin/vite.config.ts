// static/admin: the admin page (jira:adminPage, resource admin-ui -> static/admin/build).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { staticAppConfig } from '../shared/vite-app';

export default defineConfig(staticAppConfig(fileURLToPath(new URL('.', import.meta.url))));
