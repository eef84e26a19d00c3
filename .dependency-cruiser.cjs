/**
 * The layers the code keeps, checked by dependency-cruiser (tests/unit/layers.test.ts, and
 * `npx depcruise lib entrypoints` by hand). Low to high: pure modules (util, i18n, and lib/core: text, extract,
 * draft, card, handoff, personas, score) → the store (lib/store) → the protocol (lib/protocol: envelope, requests, model-host messages,
 * client, router, errors) → model host, sync, export → background
 * (services, then the browser glue that calls them) and views → entry points. An import only ever points down. Type-only imports are erased, so they do not count.
 */
const PURE = '^lib/(util|i18n|core)/';
/** Leaf modules of defaults and limits that any layer may read (the model host's messages hold the embedding batch limit). */
const LEAVES = '^lib/(core/score/defaults|model/catalog|protocol/model-host|protocol/envelope|model/status)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'A cycle makes load order matter and layers meaningless.', from: { path: '^(lib|entrypoints)/' }, to: { circular: true } },
    {
      name: 'pure-stays-pure',
      severity: 'error',
      comment: 'Text, extraction, scoring, drafts and hand-off know nothing of storage, the protocol, the model host, the background or the views.',
      from: { path: PURE },
      to: { path: '^(lib/(store|protocol|model|background|ui|sync|export)/|entrypoints/)', pathNot: LEAVES },
    },
    {
      name: 'store-below-services',
      severity: 'error',
      comment: 'The store holds rows and their schemas: it never imports the scorer, the model host, the protocol, the background or the views.',
      from: { path: '^lib/store/' },
      to: { path: '^(lib/(core/score|model|protocol|background|ui|sync|export)/|entrypoints/)', pathNot: LEAVES },
    },
    {
      name: 'protocol-below-services',
      severity: 'error',
      comment: 'The protocol says what crosses between contexts and carries it: it never imports the model host, sync, exports, the background or the views that send and answer its messages.',
      from: { path: '^lib/protocol/' },
      to: { path: '^(lib/(model|background|ui|sync|export)/|entrypoints/)', pathNot: LEAVES },
    },
    {
      name: 'store-loads-no-scorer',
      severity: 'error',
      comment: 'Every extension page opens the store: it must not load the stemmers and stop-word lists with it.',
      from: { path: '^lib/store/' },
      to: { path: 'node_modules/(@orama/stemmers|stopword)/', reachable: true },
    },
    {
      name: 'services-free-of-browser',
      severity: 'error',
      comment:
        'The background services (and the curator composing them) are its logic, free of browser APIs: tests run them with fakes. The browser glue lives in lib/background/browser and calls them, never the other way.',
      from: { path: '^lib/background/(services/|curator\\.ts$)' },
      to: { path: '^(lib/background/browser/|node_modules/wxt/)' },
    },
    {
      name: 'hosts-below-background',
      severity: 'error',
      comment: 'The model host, sync and exports are called by the background; they never import it.',
      from: { path: '^lib/(model|sync|export)/' },
      to: { path: '^lib/background/' },
    },
    { name: 'views-not-background', severity: 'error', comment: 'Views talk to the background through the protocol only.', from: { path: '^lib/ui/' }, to: { path: '^lib/background/' } },
    { name: 'background-not-views', severity: 'error', from: { path: '^lib/(background|model|protocol|sync)/' }, to: { path: '^lib/ui/' } },
    { name: 'lib-not-entrypoints', severity: 'error', comment: 'Entry points wire modules together; nothing imports them.', from: { path: '^lib/' }, to: { path: '^entrypoints/' } },
    {
      name: 'public-suffix-list-in-background-only',
      severity: 'error',
      comment:
        'The Public Suffix List (tldts) is ~140 KB of code. The extractor is injected into every page a person reads and the views open on every click: only the background, which decides what is shared, needs it.',
      from: { path: '^entrypoints/(extractor\\.content|popup|sidepanel|options|onboarding|offscreen)' },
      to: { path: 'node_modules/tldts', reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: false,
    // Resolve packages as the bundler does (their "exports" map), so rules can name what a module reaches.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'module', 'browser', 'default'], mainFields: ['module', 'browser', 'main'] },
    exclude: { path: '^(\\.wxt|\\.output)/' },
  },
};
