import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DummyValue, GenerateSql } from '../generate-sql';

export const DESTINATION_TYPES = ['webhook', 'slack', 'alertmanager', 'email'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/** A destination as the API shows it: never its secret, only whether it has one. */
export interface DestinationRow {
  id: string;
  name: string;
  type: DestinationType;
  url: string | null;
  to: string[] | null;
  hasSecret: boolean;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
}

/** What a sender needs: the address and the signing secret. */
export interface DestinationTarget {
  id: string;
  name: string;
  type: DestinationType;
  url: string | null;
  to: string[] | null;
  secret: string | null;
}

export interface DestinationWrite {
  name: string;
  type: DestinationType;
  url: string | null;
  to: string[] | null;
  secret: string | null;
}

const SELECT = `id, name, type, url, email_to AS "to", secret IS NOT NULL AS "hasSecret", created_at AS "createdAt", updated_at AS "updatedAt", created_by AS "createdBy"`;
const isDuplicate = (err: unknown) => (err as { code?: string }).code === '23505';

/** Where alerts and audits are sent. The secret is stored as given (it signs every webhook body) and is read only by senders. */
@Injectable()
export class DestinationsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The new destination, or 'duplicate' when the name is taken. */
  @GenerateSql({ params: [{ name: DummyValue.STRING, type: 'webhook', url: 'https://example.com/hook', to: null, secret: DummyValue.HASH }, 'admin'] })
  async create(d: DestinationWrite, createdBy: string | null, manager?: EntityManager): Promise<DestinationRow | 'duplicate'> {
    try {
      const rows: DestinationRow[] = await (manager ?? this.ds).query(
        `INSERT INTO destinations (name, type, url, email_to, secret, created_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING ${SELECT}`,
        [d.name, d.type, d.url, d.to ? JSON.stringify(d.to) : null, d.secret, createdBy],
      );
      return rows[0];
    } catch (err) {
      if (isDuplicate(err)) return 'duplicate';
      throw err;
    }
  }

  @GenerateSql()
  async list(): Promise<DestinationRow[]> {
    return this.ds.query(`SELECT ${SELECT} FROM destinations ORDER BY name, id`);
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async get(id: string): Promise<DestinationRow | null> {
    const rows: DestinationRow[] = await this.ds.query(`SELECT ${SELECT} FROM destinations WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  @GenerateSql({ params: [DummyValue.UUID] })
  async target(id: string): Promise<DestinationTarget | null> {
    const rows: DestinationTarget[] = await this.ds.query(`SELECT id, name, type, url, email_to AS "to", secret FROM destinations WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Replaces the editable fields (the type stays); a null secret keeps the stored one. Null when no such destination. */
  @GenerateSql({ params: [DummyValue.UUID, { name: DummyValue.STRING, type: 'email', url: null, to: ['ops@example.com'], secret: null }] })
  async update(id: string, d: DestinationWrite, manager?: EntityManager): Promise<DestinationRow | 'duplicate' | null> {
    try {
      const rows: DestinationRow[] = await (manager ?? this.ds).query(
        // TypeORM returns [rows, count] for a bare UPDATE; wrapping it in a CTE makes it a SELECT.
        `WITH changed AS (UPDATE destinations SET name = $2, url = $3, email_to = $4::jsonb, secret = COALESCE($5, secret), updated_at = now() WHERE id = $1 RETURNING *)
         SELECT ${SELECT} FROM changed`,
        [id, d.name, d.url, d.to ? JSON.stringify(d.to) : null, d.secret],
      );
      return rows[0] ?? null;
    } catch (err) {
      if (isDuplicate(err)) return 'duplicate';
      throw err;
    }
  }

  /**
   * Which of `ids` name a destination. FOR SHARE: within the caller's transaction a destination found here
   * cannot be deleted until it commits, so a schedule never keeps an id whose deletion it did not see.
   */
  @GenerateSql({ params: [[DummyValue.UUID]] })
  async existing(ids: string[], manager?: EntityManager): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: { id: string }[] = await (manager ?? this.ds).query(`SELECT id FROM destinations WHERE id = ANY($1::uuid[]) FOR SHARE`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** Deletes it with its deliveries and alert state; its name, or null when no such destination. */
  @GenerateSql({ params: [DummyValue.UUID] })
  async remove(id: string, manager?: EntityManager): Promise<string | null> {
    const rows: { name: string }[] = await (manager ?? this.ds).query(
      `WITH gone AS (DELETE FROM destinations WHERE id = $1 RETURNING name) SELECT name FROM gone`,
      [id],
    );
    return rows[0]?.name ?? null;
  }
}
