import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

/** One CSV column: its header and how a row fills it. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | Date | null;
}

/**
 * RFC 4180 CSV (CRLF records; a field holding a quote, comma, CR or LF is quoted, quotes doubled), streamed
 * row by row. Cells starting with = + - @ tab or CR (and their full-width forms) get a leading ' so a
 * spreadsheet shows hostnames and summaries sent by agents as text, never runs them as formulas
 * (csv-stringify's escape_formulas; negative numbers stay numbers).
 */
export function csvStream<T>(columns: CsvColumn<T>[], rows: AsyncIterable<T>): Readable {
  const stringifier = stringify({
    header: true,
    columns: columns.map((c) => c.header),
    record_delimiter: '\r\n',
    quoted_match: /[\r\n]/,
    escape_formulas: true,
    cast: { boolean: (b) => (b ? 'true' : 'false'), date: (d) => d.toISOString() },
  });
  async function* records(): AsyncGenerator<(string | number | boolean | Date | null)[]> {
    for await (const row of rows) yield columns.map((c) => c.value(row));
  }
  // pipeline: an error in the source (a failed query) destroys the output with it, instead of a truncated file that looks whole.
  pipeline(Readable.from(records()), stringifier, () => undefined);
  return stringifier;
}
