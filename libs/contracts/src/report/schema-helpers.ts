import { Type, type TSchema } from '@sinclair/typebox';

/** The JSON Schema format name of a bounded kernel CPU list, checked by `isCpuList`. */
export const CPU_LIST_FORMAT = 'cpu-list';

/** A fact the agent may fail to read: present as `null` (with a collectionErrors entry) or absent in older agents. */
export const Fact = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

export const Bytes = (description?: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });
export const Count = (description?: string) => Type.Integer({ minimum: 0, maximum: 1_000_000_000, description });
export const Seconds = (description?: string) => Type.Number({ minimum: 0, maximum: 1e11, description });
export const Text = (maxLength = 256, description?: string) => Type.String({ maxLength, description });
/**
 * An RFC 3339 date-time PostgreSQL and JavaScript both hold exactly (see timestamp.ts). The validator
 * replaces the standard `date-time` format with `parseTimestamp` and the field's window.
 */
export const Timestamp = (description: string) => Type.String({ format: 'date-time', maxLength: 64, description });
/** Kernel CPU range list as in /sys/devices/system/cpu/online, e.g. "0-3,6"; format `cpu-list` bounds the ids (see cpu-list.ts). */
export const CpuList = (description?: string) => Type.String({ maxLength: 4096, pattern: '^[0-9,\\- ]*$', format: CPU_LIST_FORMAT, description });
