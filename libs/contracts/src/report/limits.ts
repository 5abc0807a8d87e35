// Bounds of the report contract that the agent also needs before it builds a report. Kept apart from the
// schemas so the agent's start-up does not construct them.

/** How often an agent may say it reports (`intervalSeconds`): 1 s to 7 days. */
export const REPORT_INTERVAL_SECONDS = { min: 1, max: 7 * 86400 } as const;

/** Processes one report carries at most (configuration and metrics alike). */
export const MAX_REPORT_PROCESSES = 1000;

/** How far ahead of its agent instance's latest stored report a report's `sequence` may be. */
export const SEQUENCE_JUMP_LIMIT = 1_000_000;
