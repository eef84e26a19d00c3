import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/** One article of a test feed. */
export interface TestItem {
  id: string;
  title: string;
  text: string;
}

/** Real articles' shape: a headline and a teaser of a few sentences. */
export const ARTICLES: TestItem[] = [
  {
    id: 'browser-ai',
    title: 'Open source browser ships on-device artificial intelligence for developers',
    text: 'The open source browser project released a software update that lets developers run artificial intelligence models on the device, with new security controls and a developer preview for startup teams building extensions.',
  },
  {
    id: 'court-election',
    title: 'Supreme court hears election law case on voting rights',
    text: 'The court heard arguments on an election law that the government says protects voters while civil rights groups say it restricts voting rights, in a policy fight the president has joined.',
  },
  {
    id: 'study-health',
    title: 'Scientists publish study linking sleep to heart health',
    text: 'A medical research study of ten thousand patients found that scientists could link short sleep to heart disease, and health researchers say the science supports new guidance for patients.',
  },
];

/** What /slow.xml lists: articles of its own. */
export const SLOW_ARTICLES: TestItem[] = [
  {
    id: 'slow-vaccine',
    title: 'Researchers report vaccine trial results in new medical study',
    text: 'Scientists running a medical research trial with thousands of patients reported that the vaccine cut hospital stays, a health result the study authors call strong science.',
  },
  {
    id: 'slow-privacy-law',
    title: 'Government proposes privacy law after court ruling',
    text: 'After a court ruling on data rights, the government proposed a privacy law that the president backs and that election officials say changes policy on voter records.',
  },
];

export const rfc = (at: number) => new Date(at).toUTCString();

export function rssOf(items: readonly TestItem[], base: string): string {
  const body = items
    .map(
      (i, n) =>
        `<item><title>${i.title}</title><link>${base}/articles/${i.id}</link><guid>${i.id}</guid><description>${i.text}</description><pubDate>${rfc(Date.now() - (n + 1) * 3_600_000)}</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Local News</title><link>${base}/</link>${body}</channel></rss>`;
}

/**
 * Feeds on 127.0.0.1 for the end-to-end tests: /feed.xml with an ETag (answered 304 when it matches), /500, /html,
 * /huge (20 MB, streamed without a length), /slow.xml, which holds its answer until `release()`, and /site/, a page
 * declaring /site-feed.xml.
 */
export async function startFeedServer() {
  const log: { path: string; status: number; headers: IncomingHttpHeaders }[] = [];
  let doc = { body: '', etag: '"1"' };
  let releaseSlow: () => void = () => undefined;
  let slowHeld = new Promise<void>((resolve) => (releaseSlow = resolve));
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const answer = (status: number, headers: Record<string, string> = {}, body = '') => {
      log.push({ path, status, headers: req.headers });
      res.writeHead(status, headers).end(body);
    };
    if (path === '/feed.xml') {
      if (req.headers['if-none-match'] === doc.etag) return answer(304);
      return answer(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: doc.etag, 'last-modified': rfc(Date.now() - 86_400_000) }, doc.body);
    }
    if (path === '/500') return answer(500, { 'content-type': 'text/plain' }, 'internal error');
    if (path === '/html')
      return answer(200, { 'content-type': 'text/html; charset=utf-8' }, '<!doctype html><html><head><title>A page</title></head><body><h1>Welcome</h1><p>Not a feed<br></body></html>');
    if (path === '/huge') {
      log.push({ path, status: 200, headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = `<!-- ${'x'.repeat(64 * 1024)} -->\n`;
      let sent = 0;
      res.on('error', () => undefined);
      const write = () => {
        while (sent < 20 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', write);
        }
        res.end();
      };
      return void write();
    }
    if (path === '/slow.xml') {
      log.push({ path, status: 200, headers: req.headers });
      const body = rssOf(SLOW_ARTICLES, `http://127.0.0.1:${port}`);
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"slow"' });
      res.on('error', () => undefined);
      res.write(body.slice(0, 200));
      return void slowHeld.then(() => res.end(body.slice(200)));
    }
    if (path === '/site/') {
      const paragraphs = ARTICLES.map((a) => `<p>${a.text} ${a.text}</p>`).join('');
      return answer(
        200,
        { 'content-type': 'text/html; charset=utf-8' },
        `<!doctype html><html lang="en"><head><title>Local News</title><link rel="alternate" type="application/rss+xml" title="Local News" href="/site-feed.xml"></head><body><article><h1>${ARTICLES[0]!.title}</h1>${paragraphs}</article></body></html>`,
      );
    }
    if (path === '/site-feed.xml') return answer(200, { 'content-type': 'application/rss+xml; charset=utf-8' }, rssOf(ARTICLES, origin));
    if (path.startsWith('/articles/')) return answer(200, { 'content-type': 'text/html; charset=utf-8' }, '<!doctype html><title>Article</title><p>Article</p>');
    return answer(404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    server,
    origin,
    log,
    setFeed(items: readonly TestItem[], etag: string) {
      doc = { body: rssOf(items, origin), etag };
    },
    /** Lets /slow.xml answer, now and from then on. */
    release() {
      releaseSlow();
      slowHeld = Promise.resolve();
    },
    close: () => server.close(),
  };
}
