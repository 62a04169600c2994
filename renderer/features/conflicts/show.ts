import type { VersionVector } from '../../../shared/model/conflict';

/** A value as compact JSON text ("absent" for undefined). */
export function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const text = JSON.stringify(v);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export function vectorText(v: VersionVector | null): string {
  if (!v) return '';
  return `{${Object.keys(v).sort().map((k) => `${k}:${v[k]}`).join(', ')}}`;
}
