/** A command line the command cannot act on (a required value missing from flags and environment): exit 64. */
export class UsageError extends Error {}
