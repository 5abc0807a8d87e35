import type { Io } from '../cli/io';

export async function runCommand(_argv: readonly string[], io: Io): Promise<number> {
  io.err('not yet');
  return 70;
}
