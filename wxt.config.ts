import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/** `npm run build:test` sets this: the only difference is host access to local test servers. */
const testBuild = process.env.PC_TEST_BUILD === '1';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  publicDir: 'assets/public',
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Persona Curator',
    description: 'Suggests what each of your personas should post while you browse. Scores pages on your device; nothing you read leaves the browser.',
    permissions: ['activeTab', 'scripting', 'contextMenus', 'storage', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: testBuild ? ['http://127.0.0.1/*', 'http://localhost/*'] : [],
    // Asked for only when the person turns on "follow my browsing". Firefox's MV2 keeps origins in optional_permissions.
    ...(browser === 'firefox' ? { optional_permissions: ['http://*/*', 'https://*/*'] } : { optional_host_permissions: ['http://*/*', 'https://*/*'] }),
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
    action: { default_title: 'Persona Curator' },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    browser_specific_settings: {
      // Nothing is collected: page content never leaves the browser.
      gecko: { id: 'persona-curator@example.org', strict_min_version: '115.0', data_collection_permissions: { required: ['none'] } },
    },
  }),
});
