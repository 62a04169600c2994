/**
 * The alert forms' own checks, with messages in each field's terms and units
 * (the IPC schemas still validate; these come first so the admin never sees a
 * raw schema message). Each returns the problem, or null.
 */

const MAX_SILENCE_MIN = 30 * 24 * 60;

export function checkReceiver(d: { id: string; url: string }): string | null {
  if (!d.id.trim()) return 'Name is required';
  if (d.id.length > 64) return 'Name: at most 64 characters';
  if (!/^[A-Za-z0-9_.-]+$/.test(d.id)) return 'Name: letters, digits, _ . - only';
  if (!/^https?:\/\//i.test(d.url.trim())) return 'Webhook URL must start with http:// or https://';
  try {
    new URL(d.url.trim());
  } catch {
    return 'Webhook URL is not a valid address (e.g. http://alertmanager:9093)';
  }
  return null;
}

export function checkSilence(d: { minutes: string; reason: string }): string | null {
  const m = Number(d.minutes);
  if (d.minutes.trim() === '' || !Number.isFinite(m)) return 'Duration: a number of minutes';
  if (m < 1) return 'Silence for at least 1 minute';
  if (m > MAX_SILENCE_MIN) return 'Silence for at most 30 days (43200 minutes)';
  if (!d.reason.trim()) return 'Reason is required (a ticket or a few words)';
  if (d.reason.trim().length > 500) return 'Reason: at most 500 characters';
  return null;
}

export function checkMetrics(d: { host: string; port: string }): string | null {
  if (!d.host.trim()) return 'Host is required (127.0.0.1 keeps it local)';
  const p = Number(d.port);
  if (!/^\d+$/.test(d.port.trim()) || p < 1 || p > 65_535) return 'Port 1–65535';
  return null;
}
