import type { z } from 'zod';
import { fail, type Failure } from './result';

/**
 * Parses untrusted input and, when it does not fit, names every failing
 * field (like Signal's SchemaParseError) so a bad IPC call or frame gets
 * an answer that says what to fix.
 */
export function parseOrFail<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: string,
): { ok: true; value: z.infer<T> } | Failure {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(root)',
    message: i.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return fail('invalid-payload', `invalid ${what}: ${summary}`, issues);
}
