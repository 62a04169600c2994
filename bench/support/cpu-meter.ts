/** CPU use of this process over a window, as % of one core. */
export function startCpuMeter(): { stop(): { cpuPct: number; wallMs: number } } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop() {
      const d = process.cpuUsage(cpu0);
      const wallMs = performance.now() - t0;
      return { cpuPct: ((d.user + d.system) / 1_000 / wallMs) * 100, wallMs };
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
