/** Wait `ms` milliseconds (none when `ms` is not positive): the one sleep of the action's polling loops. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
