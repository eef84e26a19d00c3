import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { EXTENSION, ROOT } from './harness';

/**
 * A snapshot of what the extension asks for. It fails on any new permission
 * until this file is changed on purpose, in the same commit.
 */
describe('built manifest', () => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION, 'manifest.json'), 'utf8')) as Record<string, unknown>;

  it('asks for the least permission', () => {
    // clipboardWrite: the "copy the best draft" shortcut copies from the offscreen page (no install warning).
    // The test build is the one tested: it also holds 'notifications', which store builds only ask for (optional) when the person turns them on.
    // alarms: the feeds' schedule (issue 14), set only while the person follows a feed; no install warning.
    assert.deepEqual(manifest.permissions, ['activeTab', 'scripting', 'contextMenus', 'storage', 'clipboardWrite', 'alarms', 'sidePanel', 'offscreen', 'notifications']);
    assert.deepEqual(manifest.optional_permissions, ['notifications']);
    assert.deepEqual(manifest.optional_host_permissions, ['http://*/*', 'https://*/*', 'https://huggingface.co/*', 'https://*.huggingface.co/*', 'https://*.hf.co/*']);
    // build:test's only difference: the local test servers. `npm run build` has none.
    assert.deepEqual(manifest.host_permissions, ['http://127.0.0.1/*', 'http://localhost/*']);
    assert.equal(manifest.content_scripts === undefined || (manifest.content_scripts as unknown[]).length === 0, true, 'no content script runs on page load');
    assert.equal(manifest.externally_connectable, undefined);
    assert.equal(manifest.web_accessible_resources, undefined);
  });

  it('has an icon at every size the stores ask for, each a PNG of that size', () => {
    const icons = manifest.icons as Record<string, string>;
    assert.deepEqual(Object.keys(icons), ['16', '32', '48', '96', '128']);
    assert.deepEqual((manifest.action as { default_icon?: unknown }).default_icon, { 16: 'icon/16.png', 32: 'icon/32.png' });
    for (const [size, path] of Object.entries(icons)) {
      const png = readFileSync(join(EXTENSION, path));
      assert.equal(png.subarray(1, 4).toString(), 'PNG', path);
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [Number(size), Number(size)], path);
    }
  });

  it('offers keyboard shortcuts: the popup, the side panel, curate, copy the best draft', () => {
    const commands = manifest.commands as Record<string, { suggested_key?: { default?: string } }>;
    assert.deepEqual(Object.keys(commands).sort(), ['_execute_action', 'copy-best-draft', 'curate-page', 'open-side-panel']);
    assert.ok(Object.keys(commands).length <= 4 || Object.values(commands).filter((c) => c.suggested_key).length <= 4, "Chrome's limit of four suggested keys");
  });

  it('keeps the model out of the service worker: background.js stays small', () => {
    // One value imported from lib/model/host.ts pulls in transformers.js with ONNX Runtime's WASM inlined (58 MB).
    const size = statSync(join(EXTENSION, 'background.js')).size;
    assert.ok(size < 2_000_000, `background.js is ${(size / 1e6).toFixed(1)} MB`);
  });

  it('ships the test handle (globalThis.personaCurator) in test builds only, never in a store build; the store build lets feeds connect', () => {
    assert.match(readFileSync(join(EXTENSION, 'background.js'), 'utf8'), /personaCurator/, 'the test build has it: the check can fail');
    const out = mkdtempSync(join(tmpdir(), 'pc-store-build-'));
    try {
      execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, PC_TEST_BUILD: '0', MODEL_DIR: 'none', PC_OUT_DIR: out } });
      assert.doesNotMatch(readFileSync(join(out, 'chrome-mv3/background.js'), 'utf8'), /personaCurator/);
      // The store build's CSP: without the local servers, with http(s) for the feeds the person follows (issue 14: a
      // feed may be on any site; host permissions, asked per feed origin and checked before each fetch, bound it).
      const store = JSON.parse(readFileSync(join(out, 'chrome-mv3/manifest.json'), 'utf8')) as { content_security_policy: { extension_pages: string } };
      const connect = store.content_security_policy.extension_pages.split(';').find((d) => d.trim().startsWith('connect-src'));
      assert.deepEqual(connect?.trim().split(/\s+/), ['connect-src', "'self'", 'https:', 'http:', 'https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('takes its version from package.json, the one place it is set', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(manifest.version, pkg.version);
  });

  it('sets the CSP explicitly: its own scripts and WASM, and connections only to itself and the model hub', () => {
    const policy = (manifest.content_security_policy as { extension_pages: string }).extension_pages;
    const directives = Object.fromEntries(
      policy
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    assert.deepEqual(directives, {
      'default-src': ["'self'"],
      'script-src': ["'self'", "'wasm-unsafe-eval'"],
      'object-src': ["'self'"],
      'img-src': ["'self'", 'blob:'],
      // The hub's hosts, where downloads redirect (*.hf.co) included; build:test adds only the local stand-ins.
      'connect-src': ["'self'", 'https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co', 'http://127.0.0.1:*', 'http://localhost:*'],
    });
    // The Firefox build (MV2) carries the same policy, as a string.
    const firefox = JSON.parse(readFileSync(join(ROOT, '.output/firefox-mv2/manifest.json'), 'utf8')) as { content_security_policy?: unknown };
    assert.equal(firefox.content_security_policy, policy);
  });
});
