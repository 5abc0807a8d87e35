/**
 * A value as the HTTP answer carries it: Nest serialises with JSON.stringify, so a Date read from
 * PostgreSQL reaches the client as its ISO string. Lets a repository row (Dates) stand for a DTO
 * (strings) without copying it.
 */
export type Wire<T> = T extends Date ? string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

export const wire = <T>(value: T): Wire<T> => value as unknown as Wire<T>;
