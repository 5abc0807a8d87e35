import type { RuleDefinition } from '../engine/rule-definition';
import { envoyWasmVmExplosion } from './envoy-wasm-vm-explosion/envoy-wasm-vm-explosion.rule';

/** Every rule, in the order docs list them. A new rule is added here and gets its own folder. */
export const CATALOGUE: readonly RuleDefinition[] = [envoyWasmVmExplosion];
