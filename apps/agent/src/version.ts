/** The agent's own version, reported with every report. */
export const AGENT_VERSION = '0.1.0';
