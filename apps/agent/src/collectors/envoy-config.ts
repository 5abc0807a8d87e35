const WASM_FILTER = /envoy\.extensions\.filters\.http\.wasm\.v3\.Wasm|envoy\.filters\.http\.wasm\b/g;

/**
 * Distinct Wasm plugins (vm_id + code) in an Envoy bootstrap (YAML or JSON). Text-level: the agent ships no YAML
 * parser, and a filter's vm_id and code sit right after its type; xDS-delivered plugins need a declaration.
 */
export function countWasmPlugins(config: string): number {
  const starts: number[] = [];
  for (const m of config.matchAll(WASM_FILTER)) starts.push(m.index ?? 0);
  // "name: envoy.filters.http.wasm" and its typed_config type URL name the same filter: merge hits close together.
  const filters: number[] = [];
  for (const s of starts) if (filters.length === 0 || s - filters[filters.length - 1] > 300) filters.push(s);
  const keys = new Set<string>();
  filters.forEach((start, i) => {
    const chunk = config.slice(start, filters[i + 1] ?? config.length);
    const vmId = /vm_id["']?\s*:\s*["']?([^"'\s,}]*)/.exec(chunk)?.[1] ?? '';
    const code = /(?:filename|inline_string|uri)["']?\s*:\s*["']?([^"'\s,}]+)/.exec(chunk)?.[1] ?? `#${i}`;
    keys.add(`${vmId}|${code}`);
  });
  return keys.size;
}

/** The admin listener's loopback port, when the bootstrap names one. */
export function adminPort(config: string): number | null {
  const i = config.search(/["']?admin["']?\s*:/);
  if (i < 0) return null;
  const m = /port_value["']?\s*:\s*(\d+)/.exec(config.slice(i, i + 600));
  return m ? Number(m[1]) : null;
}
