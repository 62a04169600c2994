/** Formats a byte position like a PostgreSQL LSN (`16/B374D848`). */
export function formatLsn(position: number): string {
  const hi = Math.floor(position / 0x1_0000_0000);
  const lo = position % 0x1_0000_0000;
  return `${hi.toString(16).toUpperCase()}/${lo.toString(16).toUpperCase()}`;
}

/** Bytes an entry takes in a log: a fixed header plus its JSON payload. */
export function encodedSize(key: string, value: unknown): number {
  const HEADER_BYTES = 48;
  let body: string | undefined;
  try {
    body = JSON.stringify(value);
  } catch {
    body = undefined;
  }
  return HEADER_BYTES + key.length + (body?.length ?? 4);
}
