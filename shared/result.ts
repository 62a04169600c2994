import { z } from 'zod';

/** Errors cross every boundary as data: `{ ok: false, reason, code }`. */
export const FailureSchema = z.object({
  ok: z.literal(false),
  reason: z.string(),
  code: z.string(),
  /** For invalid payloads: each failing path and what was wrong with it. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Failure = z.infer<typeof FailureSchema>;

export type Result<T> = { ok: true; value: T } | Failure;

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(code: string, reason: string, issues?: Failure['issues']): Failure {
  return issues ? { ok: false, code, reason, issues } : { ok: false, code, reason };
}

/** The zod schema of `Result<T>` for a given value schema. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.union([z.object({ ok: z.literal(true), value }), FailureSchema]);
}

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
