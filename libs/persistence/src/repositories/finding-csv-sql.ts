// The findings CSV computed by PostgreSQL, cell for cell what apps/api's FINDING_CSV_COLUMNS and
// libs/exports' csvStream make of a FindingRow, so COPY ... TO STDOUT WITH CSV can write the file.

/**
 * csv-stringify's escape_formulas: a text cell starting with = + - @ tab or CR (or the full-width
 * ＝ ＋ － ＠) gets a leading '. An empty text becomes NULL, which COPY writes unquoted (it quotes '').
 */
const cell = (text: string) => `(SELECT CASE WHEN left(t, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r', '＝', '＋', '－', '＠') THEN '''' || t ELSE t END
  FROM (SELECT NULLIF(${text}, '') AS t) c)`;

/** A timestamp as JavaScript's toISOString (milliseconds truncated, as pg's Date parsing truncates them). */
const iso = (ts: string) => `to_char(${ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A JSON number as JavaScript's String(number). jsonb keeps the digits JSON.stringify wrote, but never an
 * exponent: numbers of 1e21 and more, and non-zero numbers under 1e-6, are written as JavaScript writes
 * them, `d.ddde+n` / `d.ddde-n`.
 */
const jsNumber = (v: string) => `(SELECT CASE
    WHEN n.a >= 1e21 OR (n.a <> 0 AND n.a < 1e-6) THEN
      n.sign || left(n.digits, 1) || CASE WHEN length(n.digits) > 1 THEN '.' || substr(n.digits, 2) ELSE '' END
      || 'e' || CASE WHEN n.a >= 1 THEN '+' || (length(n.int_part) - 1)::text
                     ELSE '-' || (length(n.frac) - length(ltrim(n.frac, '0')) + 1)::text END
    ELSE n.t END
  FROM (SELECT t, a, CASE WHEN t LIKE '-%' THEN '-' ELSE '' END AS sign, split_part(ltrim(t, '-'), '.', 1) AS int_part,
               split_part(ltrim(t, '-'), '.', 2) AS frac, rtrim(ltrim(replace(ltrim(t, '-'), '.', ''), '0'), '0') AS digits
          FROM (SELECT ${v} #>> '{}' AS t, abs((${v})::numeric) AS a) raw) n)`;

/** libs/exports evidenceText: `label: value unit; …` (— for a null value; no unit for text and flags). */
const EVIDENCE_TEXT = `(SELECT string_agg(e.v->>'label' || ': ' || CASE jsonb_typeof(e.v->'value')
      WHEN 'null' THEN '—' WHEN 'number' THEN ${jsNumber(`e.v->'value'`)} ELSE e.v->>'value' END
      || CASE WHEN e.v->>'unit' IN ('text', 'flag') THEN '' ELSE ' ' || (e.v->>'unit') END, '; ' ORDER BY e.i)
    FROM jsonb_array_elements(f.evidence) WITH ORDINALITY e(v, i))`;

const joined = (column: string, item: string, separator: string) =>
  `(SELECT string_agg(${item}, ${separator} ORDER BY x.i) FROM jsonb_array_elements(${column}) WITH ORDINALITY x(v, i))`;

/** The 18 cells of a findings CSV row, in FINDING_CSV_COLUMNS order (expects findings f JOIN hosts h). */
export const FINDING_CSV_SELECT = [
  `f.id`,
  `f.host_id`,
  cell('h.hostname'),
  cell('f.rule_id'),
  `f.rule_version`,
  cell('f.subject'),
  cell('f.outcome::text'),
  cell('f.severity::text'),
  `f.silenced::text`,
  cell('f.summary'),
  cell(EVIDENCE_TEXT),
  cell(joined('f.remediation', `x.v->>'key'`, `';'`)),
  cell(joined('f.remediation', `(x.v->>'title') || ': ' || (x.v->>'text')`, `E'\\n'`)),
  cell(joined('f.missing', `x.v->>'fact'`, `';'`)),
  iso('f.opened_at'),
  iso('f.first_seen_at'),
  iso('f.last_seen_at'),
  iso('f.resolved_at'),
].join(',\n  ');
