import { promises as fs } from 'node:fs';
import type { z } from 'zod';

/**
 * A small settings file: its content when it exists, is JSON and matches
 * `schema`; otherwise null (the caller keeps its defaults, and its next save
 * writes a valid file).
 */
export async function readJsonFile<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S> | null> {
  const raw = await fs.readFile(file, 'utf8').catch(() => null);
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
