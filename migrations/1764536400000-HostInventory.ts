import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hosts search and the fleet inventory, index-backed:
 * - host_runtimes: one row per process and runtime of a host's latest configuration (a process without a
 *   recognised runtime has one row with no kind), its version's comparison key beside it;
 * - hosts.addresses and hosts.inventory_text: the latest configuration's IP addresses, and the addresses, runtime
 *   kinds, versions and process names as one lower-cased text, for plain-word search;
 * - a trigram index on each text a plain word matches (hostname, machine id, labels, kernel, inventory text). One per
 *   text rather than one over their concatenation: a row the index cannot rule out is rechecked on stored columns,
 *   not on a kilobyte of text built again per row.
 * A trigger keeps them current when a host's latest configuration changes, which is rare next to reports
 * (an unchanged configuration keeps its row): whatever path stores a report, the inventory follows. The sort
 * keys get (key, id) indexes; last_seen_at stays unindexed so a report's host update remains HOT (HotHostUpdates).
 */
export class HostInventory1764536400000 implements MigrationInterface {
  name = 'HostInventory1764536400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // The same rule as versionKey in libs/contracts/src/host-search.ts.
    await q.query(`CREATE FUNCTION memfleet_version_key(v text) RETURNS numeric[] LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
      SELECT string_to_array(regexp_replace(m, '(\\.0+)+$', ''), '.')::numeric[] FROM (SELECT substring(v FROM '\\d+(?:\\.\\d+)*') AS m) s WHERE m IS NOT NULL
    $$`);
    await q.query(`CREATE TABLE "host_runtimes" (
      "host_id" uuid NOT NULL REFERENCES "hosts"("id") ON DELETE CASCADE,
      "subject" text NOT NULL,
      "process" text NOT NULL,
      "names" text[] NOT NULL,
      "kind" text,
      "version" text,
      "version_key" numeric[] GENERATED ALWAYS AS (memfleet_version_key("version")) STORED
    )`);
    await q.query(`CREATE INDEX "IDX_host_runtimes_host" ON "host_runtimes" ("host_id")`);
    await q.query(`CREATE INDEX "IDX_host_runtimes_kind_version" ON "host_runtimes" ("kind", "version_key", "version") INCLUDE ("host_id")`);
    await q.query(`CREATE INDEX "IDX_host_runtimes_names" ON "host_runtimes" USING gin ("names")`);
    await q.query(`ALTER TABLE "hosts" ADD COLUMN "addresses" text[] NOT NULL DEFAULT '{}', ADD COLUMN "inventory_text" text NOT NULL DEFAULT ''`);

    // names: the exe, its file name and the program the subject names (kind:program|...), lower-cased.
    await q.query(`CREATE FUNCTION memfleet_host_inventory() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE cfg jsonb;
      BEGIN
        SELECT configuration INTO cfg FROM host_configs WHERE id = NEW.latest_config_id;
        DELETE FROM host_runtimes WHERE host_id = NEW.id;
        INSERT INTO host_runtimes (host_id, subject, process, names, kind, version)
        SELECT NEW.id, p.subject, COALESCE(NULLIF(regexp_replace(COALESCE(p.exe, p.program), '^.*/', ''), ''), p.subject),
               ARRAY(SELECT DISTINCT lower(n) FROM unnest(ARRAY[p.exe, regexp_replace(p.exe, '^.*/', ''), p.program, regexp_replace(p.program, '^.*/', '')]) n
                      WHERE n IS NOT NULL AND n <> ''),
               r->>'kind', r->>'version'
          FROM (SELECT e->>'subject' AS subject, e->>'exe' AS exe, e->'runtimes' AS runtimes,
                       regexp_replace(substring(e->>'subject' FROM '^[A-Za-z]+:([^|@#~]*)'), ':[0-9]+$', '') AS program
                  FROM jsonb_array_elements(COALESCE(cfg->'processes', '[]'::jsonb)) e) p
          LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(p.runtimes) = 'array' THEN p.runtimes ELSE '[]'::jsonb END) r ON true;
        NEW.addresses := ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(cfg->'host'->'addresses') = 'array' THEN cfg->'host'->'addresses' ELSE '[]'::jsonb END));
        NEW.inventory_text := COALESCE((SELECT string_agg(DISTINCT lower(t), ' ') FROM (
            SELECT unnest(x.names || ARRAY[x.kind, x.version]) AS t FROM host_runtimes x WHERE x.host_id = NEW.id
            UNION ALL SELECT unnest(NEW.addresses)) w WHERE t IS NOT NULL), '');
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER "host_inventory" BEFORE UPDATE OF "latest_config_id" ON "hosts"
      FOR EACH ROW WHEN (NEW.latest_config_id IS DISTINCT FROM OLD.latest_config_id) EXECUTE FUNCTION memfleet_host_inventory()`);
    // Existing hosts: the trigger fires once for each, its latest configuration cleared and set again.
    await q.query(`CREATE TEMP TABLE inventory_backfill AS SELECT id, latest_config_id FROM hosts WHERE latest_config_id IS NOT NULL`);
    await q.query(`UPDATE hosts h SET latest_config_id = NULL FROM inventory_backfill b WHERE h.id = b.id`);
    await q.query(`UPDATE hosts h SET latest_config_id = b.latest_config_id FROM inventory_backfill b WHERE h.id = b.id`);
    await q.query(`DROP TABLE inventory_backfill`);

    await q.query(`CREATE INDEX "IDX_hosts_search_hostname" ON "hosts" USING gin (lower("hostname") gin_trgm_ops)`);
    await q.query(`CREATE INDEX "IDX_hosts_search_machine_id" ON "hosts" USING gin (lower("machine_id") gin_trgm_ops)`);
    await q.query(`CREATE INDEX "IDX_hosts_search_labels" ON "hosts" USING gin (lower("labels"::text) gin_trgm_ops)`);
    await q.query(`CREATE INDEX "IDX_hosts_search_kernel" ON "hosts" USING gin (lower("kernel_release") gin_trgm_ops)`);
    await q.query(`CREATE INDEX "IDX_hosts_search_inventory" ON "hosts" USING gin ("inventory_text" gin_trgm_ops)`);
    await q.query(`CREATE INDEX "IDX_hosts_addresses" ON "hosts" USING gin ("addresses")`);
    await q.query(`CREATE INDEX "IDX_hosts_kernel" ON "hosts" ("kernel_release" text_pattern_ops)`);
    // The list's sort keys, as HostsRepository orders them (a missing value sorts as -1).
    await q.query(`DROP INDEX "IDX_hosts_hostname"`);
    await q.query(`CREATE INDEX "IDX_hosts_hostname_id" ON "hosts" ("hostname", "id")`);
    await q.query(`CREATE INDEX "IDX_hosts_mem_id" ON "hosts" ((COALESCE("mem_total_bytes", -1)), "id")`);
    await q.query(`CREATE INDEX "IDX_hosts_cpus_id" ON "hosts" ((COALESCE("cpu_online_count", -1)), "id")`);
    await q.query(`CREATE INDEX "IDX_hosts_critical_id" ON "hosts" ("critical_count", "id")`);
    await q.query(`CREATE INDEX "IDX_hosts_warning_id" ON "hosts" ("warning_count", "id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const ix of ['IDX_hosts_warning_id', 'IDX_hosts_critical_id', 'IDX_hosts_cpus_id', 'IDX_hosts_mem_id', 'IDX_hosts_hostname_id', 'IDX_hosts_kernel'])
      await q.query(`DROP INDEX "${ix}"`);
    await q.query(`CREATE INDEX "IDX_hosts_hostname" ON "hosts" ("hostname")`);
    await q.query(`DROP INDEX "IDX_hosts_addresses"`);
    for (const ix of [
      'IDX_hosts_search_inventory',
      'IDX_hosts_search_kernel',
      'IDX_hosts_search_labels',
      'IDX_hosts_search_machine_id',
      'IDX_hosts_search_hostname',
    ])
      await q.query(`DROP INDEX "${ix}"`);
    await q.query(`DROP TRIGGER "host_inventory" ON "hosts"`);
    await q.query(`DROP FUNCTION memfleet_host_inventory()`);
    await q.query(`ALTER TABLE "hosts" DROP COLUMN "inventory_text", DROP COLUMN "addresses"`);
    await q.query(`DROP TABLE "host_runtimes"`);
    await q.query(`DROP FUNCTION memfleet_version_key(text)`);
  }
}
