/**
 * Drives Debian's firefox-esr over WebDriver BiDi (no geckodriver, no
 * Playwright-patched Firefox): a tiny client for the few commands the Firefox
 * smoke test needs, and a launcher that installs the built add-on as a
 * temporary add-on (`webExtension.install` with a path, as about:debugging's
 * "Load Temporary Add-on" does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'undici';
import { ROOT } from './harness';

export const FIREFOX_EXTENSION = join(ROOT, '.output/firefox-mv2');
export const ADDON_ID = 'persona-curator@example.org';
/** Fixed through the profile (extensions.webextensions.uuids) so the test knows the moz-extension:// host. */
export const ADDON_UUID = '5d0a3e5c-0f2b-4a3e-9c5e-7e57ad0c0de1';
export const EXT_ORIGIN = `moz-extension://${ADDON_UUID}`;

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];

export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH ?? CANDIDATES.find((p) => existsSync(p));
  if (!path || !existsSync(path)) {
    throw new Error(
      `Firefox not found (looked for ${process.env.FIREFOX_PATH ?? CANDIDATES.join(', ')}). ` +
        'Install it (Debian: apt-get install -y firefox-esr) or set FIREFOX_PATH; npm test installs it first (scripts/ensure-browsers.mjs).',
    );
  }
  return path;
}

interface BidiError {
  error: string;
  message: string;
}

/** A WebDriver BiDi session over one WebSocket: commands by id, events to listeners. */
export class Bidi {
  private next = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  private listeners = new Set<(method: string, params: Record<string, unknown>) => void>();

  private constructor(private ws: WebSocket) {
    ws.addEventListener('message', (ev) => {
      const msg = JSON.parse(String(ev.data)) as { id?: number; type: string; result?: unknown; method?: string; params?: Record<string, unknown> } & Partial<BidiError>;
      if (msg.type === 'event' && msg.method) for (const l of this.listeners) l(msg.method, msg.params ?? {});
      else if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.type === 'error') p?.reject(new Error(`${p.method}: ${msg.error}: ${msg.message}`));
        else p?.resolve(msg.result);
      }
    });
    ws.addEventListener('close', () => {
      for (const p of this.pending.values()) p.reject(new Error(`${p.method}: the connection to Firefox closed`));
      this.pending.clear();
    });
  }

  static async connect(url: string): Promise<Bidi> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), { once: true });
    });
    return new Bidi(ws);
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on(listener: (method: string, params: Record<string, unknown>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.ws.close();
  }
}

/** A BiDi remote value, turned back into plain JSON-like data. */
function deserialize(v: { type: string; value?: unknown }): unknown {
  switch (v.type) {
    case 'undefined':
    case 'null':
      return v.type === 'null' ? null : undefined;
    case 'array':
      return (v.value as { type: string }[]).map(deserialize);
    case 'object':
      return Object.fromEntries(
        (v.value as [string | { type: string; value?: unknown }, { type: string }][]).map(([k, val]) => [typeof k === 'string' ? k : String(deserialize(k)), deserialize(val)]),
      );
    default:
      return v.value;
  }
}

export interface Firefox {
  bidi: Bidi;
  version: string;
  addonId: string;
  /** Firefox's own output (stderr and stdout), for failure messages. */
  output: () => string;
  /** Opens a new tab at a URL and waits for it to load; returns the BiDi context id. */
  open: (url: string) => Promise<string>;
  /**
   * Opens one of the add-on's pages in a new tab. WebDriver BiDi refuses to
   * navigate to moz-extension:// URLs, so the tab is added from the browser
   * window itself (system access), as a click in Firefox's UI would.
   */
  openExtension: (path: string) => Promise<string>;
  /** Runs an async function body in a tab and returns its JSON result. */
  evaluate: <T>(context: string, body: string) => Promise<T>;
  /** Runs an async function body in the browser window (privileged chrome code). */
  evaluateChrome: <T>(body: string) => Promise<T>;
  /** Polls an async function body in a tab until it returns something truthy. */
  waitFor: <T>(context: string, body: string, what: string, timeoutMs?: number) => Promise<T>;
  /** Brings a tab to the front. */
  activate: (context: string) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * Starts headless Firefox on a fresh profile and installs the built add-on as
 * a temporary add-on. Every connection but the loopback goes to a dead proxy,
 * so nothing leaves the machine.
 */
export async function launchFirefox(extensionDir = FIREFOX_EXTENSION): Promise<Firefox> {
  const executable = firefoxPath();
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`Build first: npm run build:e2e (no ${extensionDir}/manifest.json)`);
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { permissions?: string[] };
  // npm run build:firefox, lint:firefox and zip write a production build there, which may not read the test server's pages.
  if (!manifest.permissions?.includes('http://127.0.0.1/*')) throw new Error(`${extensionDir} is not the test build: run npm run build:e2e`);
  const profile = mkdtempSync(join(tmpdir(), 'pc-e2e-firefox-'));
  const prefs: Record<string, string | number | boolean> = {
    'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
    // Loopback is never proxied (network.proxy.allow_hijacking_localhost stays false): everything else is refused.
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': 9,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': 9,
    'network.proxy.socks': '127.0.0.1',
    'network.proxy.socks_port': 9,
    'network.proxy.no_proxies_on': '',
    'network.dns.disablePrefetch': true,
    // The add-on's console messages (background page included) go to Firefox's stdout, where the test looks for errors.
    'devtools.console.stdout.content': true,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
  };
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
      .join(''),
  );

  let log = '';
  const child: ChildProcess = spawn(executable, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0', '--remote-allow-system-access'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const wsUrl = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Firefox did not start its WebDriver BiDi server in 60 s:\n${log}`)), 60_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Firefox exited (${code}) before its WebDriver BiDi server started:\n${log}`));
    });
  });

  let bidi: Bidi | undefined;
  const stop = async () => {
    bidi?.close();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(profile, { recursive: true, force: true });
  };
  let session: { capabilities: { browserVersion: string } };
  let extension: string;
  try {
    const url = await wsUrl;
    bidi = await Bidi.connect(`${url}/session`);
    session = await bidi.send<{ capabilities: { browserVersion: string } }>('session.new', { capabilities: {} });
    ({ extension } = await bidi.send<{ extension: string }>('webExtension.install', { extensionData: { type: 'path', path: extensionDir } }));
  } catch (err) {
    await stop();
    throw err;
  }
  const connection = bidi;

  const evaluate = async <T>(context: string, body: string): Promise<T> => {
    const r = await connection.send<{ type: string; result?: { type: string; value?: unknown }; exceptionDetails?: { text: string } }>('script.evaluate', {
      target: { context },
      expression: `(async () => JSON.stringify(await (async () => { ${body} })()))()`,
      awaitPromise: true,
    });
    if (r.type === 'exception') throw new Error(`in ${context}: ${r.exceptionDetails?.text}`);
    const json = deserialize(r.result!) as string | undefined;
    return (json === undefined ? undefined : JSON.parse(json)) as T;
  };

  const chromeWindow = async (): Promise<string> => {
    const { contexts } = await connection.send<{ contexts: { context: string; url: string }[] }>('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const win = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
    if (!win) throw new Error(`no browser window among ${contexts.map((c) => c.url).join(', ')}`);
    return win.context;
  };
  const evaluateChrome = async <T>(body: string): Promise<T> => evaluate<T>(await chromeWindow(), body);

  const waitFor = async <T>(context: string, body: string, what: string, timeoutMs = 30_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const value = await evaluate<T>(context, body);
        if (value) return value;
        last = value;
      } catch (err) {
        last = err;
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const openExtension = async (path: string): Promise<string> => {
    const url = `${EXT_ORIGIN}/${path}`;
    await evaluateChrome(`gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() }); return true;`);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { contexts } = await connection.send<{ contexts: { context: string; url: string }[] }>('browsingContext.getTree', { maxDepth: 0 });
      const tab = contexts.find((c) => c.url === url);
      if (tab) {
        await waitFor(tab.context, `return document.readyState === 'complete'`, `${path} to load`);
        return tab.context;
      }
      if (Date.now() > deadline) throw new Error(`${url} did not open`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  return {
    bidi: connection,
    version: session.capabilities.browserVersion,
    addonId: extension,
    output: () => log,
    open: async (url) => {
      const { context } = await connection.send<{ context: string }>('browsingContext.create', { type: 'tab' });
      await connection.send('browsingContext.navigate', { context, url, wait: 'complete' });
      return context;
    },
    openExtension,
    evaluate,
    evaluateChrome,
    waitFor,
    activate: async (context) => {
      await connection.send('browsingContext.activate', { context });
    },
    close: async () => {
      await connection.send('session.end').catch(() => undefined);
      await stop();
    },
  };
}
