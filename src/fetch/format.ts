// One-line, human wording for durations and sizes used in fetch error reasons.

/** 20000 → "20s", 1500 → "1.5s", 250 → "250ms", 120000 → "2m", 3600000 → "1h". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600}h`;
  if (s >= 3600) return `${Math.round(s / 360) / 10}h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60}m`;
  if (s >= 60) return `${Math.round(s)}s`;
  return `${Math.round(s * 10) / 10}s`;
}

/** 10485760 → "10MB", 10000000 → "10MB", 65536 → "64KB", 1234 → "1234 bytes". */
export function formatBytes(n: number): string {
  const MiB = 1024 * 1024;
  if (n >= MiB && n % MiB === 0) return `${n / MiB}MB`;
  if (n >= 1e6 && n % 1e6 === 0) return `${n / 1e6}MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}KB`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}KB`;
  if (n >= MiB) return `${Math.round((n / MiB) * 10) / 10}MB`;
  return `${n} bytes`;
}
