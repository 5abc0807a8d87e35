// The findings CSV computed by PostgreSQL, cell for cell what apps/api's FINDING_CSV_COLUMNS and
// libs/exports' csvStream make of a FindingRow, so COPY ... TO STDOUT WITH CSV can write the file.

const FORMULA_START = `('=', '+', '-', '@', E'\\t', E'\\r', '＝', '＋', '－', '＠')`;

/**
 * csv-stringify's escape_formulas: a text cell starting with = + - @ tab or CR (or the full-width
 * ＝ ＋ － ＠) gets a leading '. An empty text becomes NULL, which COPY writes unquoted (it quotes '').
 * `text` is evaluated more than once: a column, or a value computed once per row (see FINDING_CSV_JOINS).
 */
const cell = (text: string) => `CASE WHEN left(${text}, 1) IN ${FORMULA_START} THEN '''' || ${text} ELSE NULLIF(${text}, '') END`;

/** A timestamp as JavaScript's toISOString (milliseconds truncated, as pg's Date parsing truncates them). */
const iso = (ts: string) => `to_char(${ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * An evidence value as JavaScript's String(value), from its text `t` (jsonb_to_recordset's). jsonb keeps the
 * digits JSON.stringify wrote but never an exponent: a JSON number of 1e21 and more, or non-zero under 1e-6,
 * is written as JavaScript writes it, `d.ddde+n` / `d.ddde-n`. The cheap test keeps the usual value off the
 * exact one, which also asks the JSON type (a string is written as it is).
 */
const jsValue = (t: string, json: string) => `CASE WHEN octet_length(${t}) < 22 AND strpos(${t}, '0.000000') = 0 THEN ${t}
  WHEN jsonb_typeof(${json}) <> 'number' THEN ${t} ELSE (SELECT CASE
    WHEN n.a >= 1e21 OR (n.a <> 0 AND n.a < 1e-6) THEN
      n.sign || left(n.digits, 1) || CASE WHEN length(n.digits) > 1 THEN '.' || substr(n.digits, 2) ELSE '' END
      || 'e' || CASE WHEN n.a >= 1 THEN '+' || (length(n.int_part) - 1)::text
                     ELSE '-' || (length(n.frac) - length(ltrim(n.frac, '0')) + 1)::text END
    ELSE n.t END
  FROM (SELECT t, a, CASE WHEN t LIKE '-%' THEN '-' ELSE '' END AS sign, split_part(ltrim(t, '-'), '.', 1) AS int_part,
               split_part(ltrim(t, '-'), '.', 2) AS frac, rtrim(ltrim(replace(ltrim(t, '-'), '.', ''), '0'), '0') AS digits
          FROM (SELECT ${t} AS t, abs((${t})::numeric) AS a) raw) n) END`;

/** libs/exports evidenceText: `label: value unit; …` (unknown for a null value, then no unit; none for text, flags, counts, ratios). */
const EVIDENCE_TEXT = `string_agg(e.label || ': ' || COALESCE(${jsValue('e.value', `f.evidence -> (e.i::int - 1) -> 'value'`)}, 'unknown')
      || CASE WHEN e.value IS NULL OR e.unit IN ('text', 'flag', 'count', 'ratio') THEN '' ELSE ' ' || e.unit END, '; ')`;

/**
 * The texts made of the JSON arrays, once per row (an empty array joins nothing: NULL, without the work).
 * The aggregates take the elements in the order jsonb_to_recordset gives them, the array's (no per-row sort).
 */
export const FINDING_CSV_JOINS = `
  LEFT JOIN LATERAL (SELECT ${EVIDENCE_TEXT} AS evidence FROM ROWS FROM (jsonb_to_recordset(f.evidence) AS (label text, value text, unit text)) WITH ORDINALITY e(label, value, unit, i)) ev ON f.evidence <> '[]'
  LEFT JOIN LATERAL (SELECT string_agg(x.key, ';') AS keys, string_agg(COALESCE('[' || x.effect || '] ', '') || x.title || ': ' || x.text, E'\\n') AS text
                       FROM jsonb_to_recordset(f.remediation) x(key text, title text, text text, effect text)) rem ON f.remediation <> '[]'
  LEFT JOIN LATERAL (SELECT string_agg(x.fact, ';') AS facts FROM jsonb_to_recordset(f.missing) x(fact text)) mis ON f.missing <> '[]'`;

/** The 18 cells of a findings CSV row, in FINDING_CSV_COLUMNS order (expects findings f JOIN hosts h, then FINDING_CSV_JOINS). */
export const FINDING_CSV_SELECT = [
  `f.id`,
  `f.host_id`,
  cell('h.hostname'),
  cell('f.rule_id'),
  `f.rule_version`,
  cell('f.subject'),
  cell('f.outcome'),
  cell('f.severity'),
  `f.silenced::text`,
  cell('f.summary'),
  cell('ev.evidence'),
  cell('rem.keys'),
  cell('rem.text'),
  cell('mis.facts'),
  iso('f.opened_at'),
  iso('f.first_seen_at'),
  iso('f.last_seen_at'),
  iso('f.resolved_at'),
].join(',\n  ');
