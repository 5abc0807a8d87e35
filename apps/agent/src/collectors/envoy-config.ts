import { parseAllDocuments } from 'yaml';

/** What an Envoy/Higress bootstrap file (YAML or JSON, as `-c` names it) says about Wasm VMs and the admin port. */
export type EnvoyConfigFacts =
  | {
      ok: true;
      /**
       * Wasm plugins that each start one VM per worker, counted as Envoy keys VMs: by vm_id, VM configuration and
       * code (plugins sharing all three share a VM). Null when none is configured here but listeners come over xDS,
       * where the plugins are (Istio/Higress gateways): then only a declaration can tell.
       */
      wasmPluginCount: number | null;
      adminPort: number | null;
    }
  | { ok: false; error: string };

// Larger than any bootstrap we know of; a file this size is not worth parsing on every collection.
const MAX_CONFIG_CHARS = 8 * 1024 * 1024;

// Typed-config types (the part after the last "/") whose `config` is a PluginConfig run on every worker.
const PER_WORKER_WASM = new Set([
  'envoy.extensions.filters.http.wasm.v3.Wasm',
  'envoy.extensions.filters.network.wasm.v3.Wasm',
  'envoy.extensions.access_loggers.wasm.v3.WasmAccessLog',
]);
// A bootstrap Wasm service runs per worker unless `singleton: true` (then one VM on the main thread).
const WASM_SERVICE = 'envoy.extensions.wasm.v3.WasmService';
const TYPED_STRUCT = new Set(['udpa.type.v1.TypedStruct', 'xds.type.v3.TypedStruct']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const typeName = (url: unknown) => (typeof url === 'string' ? url.slice(url.lastIndexOf('/') + 1) : '');

/** JSON with sorted keys, so two equal VM configurations give the same key however they were written. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** Which module a VmConfig loads; null when it does not say (then it cannot be told apart from others). */
function codeOf(vm: JsonObject): string | null {
  const code = isObject(vm.code) ? vm.code : {};
  const local = isObject(code.local) ? code.local : null;
  if (local) {
    for (const field of ['filename', 'inline_string', 'inline_bytes', 'environment_variable']) {
      if (typeof local[field] === 'string') return `${field}:${local[field] as string}`;
    }
  }
  const remote = isObject(code.remote) ? code.remote : null;
  if (remote) {
    // the same bytes fetched from two places are one module
    if (typeof remote.sha256 === 'string' && remote.sha256) return `sha256:${remote.sha256}`;
    const uri = isObject(remote.http_uri) ? remote.http_uri.uri : undefined;
    if (typeof uri === 'string') return `uri:${uri}`;
  }
  return null;
}

/** Envoy's VM key (proxy-wasm makeVmKey): vm_id, the VM's configuration and its code. */
function vmKey(plugin: Json | undefined, fallback: string): string {
  const vm = isObject(plugin) && isObject(plugin.vm_config) ? plugin.vm_config : {};
  const code = codeOf(vm);
  return code === null ? `unknown:${fallback}` : stable([vm.vm_id ?? '', vm.configuration ?? null, code]);
}

/** The Wasm plugin a typed_config holds, unwrapping a TypedStruct; undefined when it holds none that runs per worker. */
function perWorkerPlugin(typed: JsonObject): Json | undefined {
  const outer = typeName(typed['@type']);
  const [type, value] = TYPED_STRUCT.has(outer) ? [typeName(typed.type_url), isObject(typed.value) ? typed.value : {}] : [outer, typed];
  if (PER_WORKER_WASM.has(type)) return value.config ?? {};
  if (type === WASM_SERVICE && value.singleton !== true) return value.config ?? {};
  return undefined;
}

/** Walks the whole document: filters sit in listeners, filter chains, HTTP connection managers, clusters' upstream filters. */
function collectPlugins(node: Json, keys: Set<string>, path: string): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => collectPlugins(child, keys, `${path}[${i}]`));
    return;
  }
  if (!isObject(node)) return;
  if (isObject(node.typed_config)) {
    const plugin = perWorkerPlugin(node.typed_config);
    if (plugin !== undefined) {
      keys.add(vmKey(plugin, path));
      return;
    }
  }
  // a filter whose config comes over ECDS: one plugin per filter name, its code unknown here
  if (isObject(node.config_discovery) && Array.isArray(node.config_discovery.type_urls)) {
    if (node.config_discovery.type_urls.some((u) => PER_WORKER_WASM.has(typeName(u)))) keys.add(`ecds:${typeof node.name === 'string' ? node.name : path}`);
  }
  for (const [key, child] of Object.entries(node)) collectPlugins(child, keys, `${path}.${key}`);
}

function adminPortOf(doc: JsonObject): number | null {
  const admin = isObject(doc.admin) ? doc.admin : {};
  const address = isObject(admin.address) ? admin.address : {};
  const socket = isObject(address.socket_address) ? address.socket_address : {};
  const port = Number(socket.port_value);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : null;
}

/** Listeners delivered by LDS (its own config source or ADS): the Wasm filters are not in this file. */
function listenersFromXds(doc: JsonObject): boolean {
  return isObject(doc.dynamic_resources) && doc.dynamic_resources.lds_config !== undefined;
}

function parse(text: string, fileName: string): { ok: true; doc: Json } | { ok: false; error: string } {
  // Envoy reads *.json with its JSON parser; YAML would also take it, but JSON.parse is exact and faster
  if (/\.json$/i.test(fileName)) {
    try {
      return { ok: true, doc: JSON.parse(text) as Json };
    } catch (err) {
      return { ok: false, error: `not valid JSON: ${(err as Error).message}` };
    }
  }
  if (/\.pb(_text)?$/i.test(fileName)) return { ok: false, error: 'protobuf bootstraps (.pb, .pb_text) are not read' };
  // Envoy loads the first document of a YAML file; later duplicate keys win there too
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
  const errors = docs.length === 0 ? ('errors' in docs ? docs.errors : []) : docs[0].errors;
  if (errors.length) return { ok: false, error: `not valid YAML: ${errors[0].message.split('\n')[0]}` };
  try {
    // toJS refuses alias chains that would expand without bound (the default maxAliasCount)
    return { ok: true, doc: docs.length === 0 ? null : (docs[0].toJS() as Json) };
  } catch (err) {
    return { ok: false, error: `not valid YAML: ${(err as Error).message}` };
  }
}

/** Reads an Envoy bootstrap; a malformed one is an error to report, never an exception. */
export function readEnvoyConfig(text: string, fileName: string): EnvoyConfigFacts {
  if (text.length > MAX_CONFIG_CHARS) return { ok: false, error: `larger than ${MAX_CONFIG_CHARS} characters; not parsed` };
  const parsed = parse(text, fileName);
  if (!parsed.ok) return parsed;
  const doc = isObject(parsed.doc) ? parsed.doc : {};
  const keys = new Set<string>();
  collectPlugins(doc, keys, '');
  const count = keys.size === 0 && listenersFromXds(doc) ? null : keys.size;
  return { ok: true, wasmPluginCount: count, adminPort: adminPortOf(doc) };
}
