/** Human-readable figures with units, for an operations console. */

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 0) return `-${formatBytes(-bytes)}`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ${BYTE_UNITS[unit]}`;
}

/** A lag figure at its resolution: whole seconds ("0 s", "3 s") when it is counted in seconds (Seconds_Behind_Master). */
export function formatLagMs(ms: number | null | undefined, resolutionMs: number | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || !resolutionMs || resolutionMs < 1_000 || ms >= 60_000) return formatMs(ms);
  return `${Math.round(ms / 1_000)} s`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 0) return `-${formatMs(-ms)}`;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) {
    const m = Math.floor(ms / 60_000);
    const s = Math.floor((ms % 60_000) / 1_000);
    return `${m} min ${s} s`;
  }
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  return `${h} h ${m} min`;
}

/** "0.8 s ago", "3 min ago"; `null` → "never". */
export function formatAgo(at: number | null | undefined, now: number): string {
  if (at === null || at === undefined) return 'never';
  const age = Math.max(0, now - at);
  if (age < 10_000) return `${(age / 1_000).toFixed(1)} s ago`;
  if (age < 60_000) return `${Math.round(age / 1_000)} s ago`;
  return `${formatDuration(age)} ago`;
}

/** Coarse duration for uptimes: "3 d 4 h", "2 h 5 min", "42 s". */
export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1_000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function formatClock(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatDateTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(at).slice(0, 8)}`;
}
