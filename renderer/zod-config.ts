import { z } from 'zod';

/**
 * The CSP forbids eval: tell zod not to probe `new Function` (the probe is
 * caught, but still reported as a CSP violation) and to parse without JIT.
 * Imported first by main.tsx, before anything is parsed.
 */
z.config({ jitless: true });
