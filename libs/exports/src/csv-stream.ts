import { Readable } from 'node:stream';
import { stringify, type Options } from 'csv-stringify/sync';

/** One CSV column: its header and how a row fills it. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | Date | null;
}

type Cell = string | number | boolean | Date | null;
// Records are stringified a block at a time: one stream chunk per block instead of one per row, which is
// most of the cost of a large export; a block is small, so memory still holds one block, not the file.
const BLOCK_ROWS = 500;
const OPTIONS: Options = {
  record_delimiter: '\r\n',
  quoted_match: /[\r\n]/,
  escape_formulas: true,
  cast: { boolean: (b) => (b ? 'true' : 'false'), date: (d) => d.toISOString() },
};

/** The header row of `columns`, as csvStream writes it (CRLF-terminated). */
export const csvHeader = <T>(columns: CsvColumn<T>[]): string => stringify([columns.map((c) => c.header)], OPTIONS);

/**
 * RFC 4180 CSV (CRLF records; a field holding a quote, comma, CR or LF is quoted, quotes doubled), streamed
 * block by block with a header row. Cells starting with = + - @ tab or CR (and their full-width forms) get
 * a leading ' so a spreadsheet shows hostnames and summaries sent by agents as text, never runs them as
 * formulas (csv-stringify's escape_formulas; negative numbers stay numbers). A failing source fails the
 * stream, so a cut-off file is never taken for a whole one.
 */
export function csvStream<T>(columns: CsvColumn<T>[], rows: AsyncIterable<T>): Readable {
  async function* blocks(): AsyncGenerator<string> {
    yield csvHeader(columns);
    let block: Cell[][] = [];
    for await (const row of rows) {
      block.push(columns.map((c) => c.value(row)));
      if (block.length >= BLOCK_ROWS) {
        yield stringify(block, OPTIONS);
        block = [];
      }
    }
    if (block.length) yield stringify(block, OPTIONS);
  }
  return Readable.from(blocks(), { objectMode: false });
}
