import { runCli } from './cli/cli';
import { processIo } from './output/io';

runCli(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`memfleet-agent: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
