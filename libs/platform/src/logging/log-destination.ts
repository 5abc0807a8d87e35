import type { DestinationStream } from 'pino';
import pretty from 'pino-pretty';

/**
 * Where a process writes its log: on a terminal (stdout is a TTY) lines a person reads, through pino-pretty,
 * each with its own wall-clock time; otherwise undefined, so pino writes one JSON object a line (with its
 * `time`) for a collector. Synchronous, so the last lines before an exit are not lost.
 */
export function logDestination(isTTY: boolean): DestinationStream | undefined {
  if (!isTTY) return undefined;
  return pretty({ sync: true, colorize: true, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l o', ignore: 'pid,hostname' });
}
