/**
 * Numbers as the summary and the log show them: counts with thousands separators, sizes in kB or
 * MB. A leaf: any layer may format with it without importing the summary's renderer. Pure.
 */

/** `12,345`. */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `12.3 MB`, `4 kB`, or – when unknown. */
export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return '–';
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${count(Math.max(1, Math.round(bytes / 1024)))} kB`;
}
