/** PostgreSQL WAL positions (LSNs) as text `hi/lo`, in hex. */

/** The later of two LSNs (either may be unknown). */
export function maxLsn(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return lsnToBigInt(a) >= lsnToBigInt(b) ? a : b;
}

/** `16/B374D848` → 0x16B374D848. */
export function lsnToBigInt(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi || '0'}`) << 32n) + BigInt(`0x${lo || '0'}`);
}

/** Bytes from `behind` to `ahead`, never negative; null when either is unknown. */
export function lsnDistance(ahead: string | null, behind: string | null): number | null {
  if (!ahead || !behind) return null;
  const d = lsnToBigInt(ahead) - lsnToBigInt(behind);
  return d > 0n ? Number(d) : 0;
}
