import { z } from 'zod';

// zod 4 probes for eval with `new Function` to speed up parsing; the extension's CSP forbids eval, so the
// probe shows up as a CSP violation (and trips web-ext lint). Without JIT, parsing is plain code.
z.config({ jitless: true });

export { z };
