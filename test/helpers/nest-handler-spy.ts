// Preloaded into an API process (node -r): every handler of ReportsController writes a line to stderr
// when Nest enters it, so a test can tell which requests Nest's router served. The handlers keep their
// decorator metadata, so Nest, the route table and the OpenAPI document see the same routes.
import 'reflect-metadata';
import { ReportsController } from '../../apps/api/src/reports/reports.controller';

const ENTERED = 'nest-handler-entered';

const proto = ReportsController.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of Object.getOwnPropertyNames(proto)) {
  const original = proto[name];
  if (name === 'constructor' || typeof original !== 'function') continue;
  const spy = function (this: unknown, ...args: unknown[]): unknown {
    process.stderr.write(`${ENTERED} ReportsController.${name}\n`);
    return original.apply(this, args);
  };
  for (const key of Reflect.getMetadataKeys(original)) Reflect.defineMetadata(key, Reflect.getMetadata(key, original), spy);
  Object.defineProperty(spy, 'name', { value: name });
  proto[name] = spy;
}
