
export const THRESHOLDS_SETTING = 'rule-thresholds';
const TTL_MS = 5000;

/** Threshold overrides change rarely; a short cache keeps a query off every evaluation. */
export class SettingsCache {
  private value: Record<string, Record<string, number>> = {};
  private loadedAt = 0;

  /** `db` is the caller's connection: the embedded database has only one, so never take a second. */
  async thresholds(db: { query(sql: string, params?: unknown[]): Promise<unknown> }): Promise<Record<string, Record<string, number>>> {
    if (Date.now() - this.loadedAt < TTL_MS) return this.value;
    const rows: { value: Record<string, Record<string, number>> }[] = (await db.query(`SELECT value FROM settings WHERE key = $1`, [THRESHOLDS_SETTING])) as { value: Record<string, Record<string, number>> }[];
    this.value = rows[0]?.value ?? {};
    this.loadedAt = Date.now();
    return this.value;
  }

  invalidate(): void {
    this.loadedAt = 0;
  }
}
