import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The runtime rows a configuration `cfg` gives (as migration HostInventory derives them). */
const RUNTIME_ROWS = `
  SELECT p.subject, COALESCE(NULLIF(regexp_replace(COALESCE(p.exe, p.program), '^.*/', ''), ''), p.subject) AS process,
         ARRAY(SELECT DISTINCT lower(n) FROM unnest(ARRAY[p.exe, regexp_replace(p.exe, '^.*/', ''), p.program, regexp_replace(p.program, '^.*/', '')]) n
                WHERE n IS NOT NULL AND n <> '') AS names,
         r->>'kind' AS kind, r->>'version' AS version
    FROM (SELECT e->>'subject' AS subject, e->>'exe' AS exe, e->'runtimes' AS runtimes,
                 regexp_replace(substring(e->>'subject' FROM '^[A-Za-z]+:([^|@#~]*)'), ':[0-9]+$', '') AS program
            FROM jsonb_array_elements(COALESCE(cfg->'processes', '[]'::jsonb)) e) p
    LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(p.runtimes) = 'array' THEN p.runtimes ELSE '[]'::jsonb END) r ON true`;

/** The same row: names compared as sets (DISTINCT gives no order). */
const SAME_ROW = `w.subject = x.subject AND w.process = x.process AND w.names @> x.names AND w.names <@ x.names
                  AND w.kind IS NOT DISTINCT FROM x.kind AND w.version IS NOT DISTINCT FROM x.version`;

const inventoryFunction = (runtimes: string) => `CREATE OR REPLACE FUNCTION memfleet_host_inventory() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE cfg jsonb;
  BEGIN
    SELECT configuration INTO cfg FROM host_configs WHERE id = NEW.latest_config_id;
    ${runtimes}
    NEW.addresses := ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(cfg->'host'->'addresses') = 'array' THEN cfg->'host'->'addresses' ELSE '[]'::jsonb END));
    NEW.inventory_text := COALESCE((SELECT string_agg(DISTINCT lower(t), ' ') FROM (
        SELECT unnest(x.names || ARRAY[x.kind, x.version]) AS t FROM host_runtimes x WHERE x.host_id = NEW.id
        UNION ALL SELECT unnest(NEW.addresses)) w WHERE t IS NOT NULL), '');
    RETURN NEW;
  END $$`;

/**
 * A host's new configuration rewrites only the runtime rows that changed. A changed configuration mostly keeps the
 * host's processes and runtimes (a flag, a sysctl, an address moved), and deleting and inserting every row, each with
 * its GIN entries and foreign-key check, was most of the database time of a changed report (50 processes: 100 row
 * writes). Same rows, same inventory text: the host's row is written as before.
 */
export class InventoryDiff1764748800000 implements MigrationInterface {
  name = 'InventoryDiff1764748800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      inventoryFunction(`WITH w AS (${RUNTIME_ROWS}),
      gone AS (DELETE FROM host_runtimes x WHERE x.host_id = NEW.id AND NOT EXISTS (SELECT 1 FROM w WHERE ${SAME_ROW}))
    INSERT INTO host_runtimes (host_id, subject, process, names, kind, version)
    SELECT NEW.id, w.subject, w.process, w.names, w.kind, w.version FROM w
     WHERE NOT EXISTS (SELECT 1 FROM host_runtimes x WHERE x.host_id = NEW.id AND ${SAME_ROW});`),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      inventoryFunction(`DELETE FROM host_runtimes WHERE host_id = NEW.id;
    INSERT INTO host_runtimes (host_id, subject, process, names, kind, version) SELECT NEW.id, subject, process, names, kind, version FROM (${RUNTIME_ROWS}) w;`),
    );
  }
}
