/** Runtime kinds the agent recognises (a report's `runtimes[].kind`). Apart from the schema so the dashboard can read it alone. */
export const RUNTIME_KINDS = ['spin', 'wasmtime', 'envoy', 'aeron', 'redis', 'mongodb', 'elasticsearch', 'jvm', 'skynet', 'lua'] as const;
