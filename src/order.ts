/**
 * Text order by code point: the same on every machine and locale, and free (the first
 * `localeCompare` of a process spends ~8 ms building ICU's collator, before `up` can start).
 */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
