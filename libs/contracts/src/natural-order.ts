// Instance names hold numbers (svc-2, svc-19, redis…|:6379): compared as numbers, lists read in the order
// a person counts, and never in scan order.
const collator = new Intl.Collator('en', { numeric: true });

/** Compares two names with their digit runs as numbers: svc-2 before svc-19, :6379 before :6380; ties by code unit. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
