/** The form of a configuration hash (lowercase hex SHA-256), apart from the hashing so schemas need no crypto. */
export const CONFIGURATION_HASH_PATTERN = '^[0-9a-f]{64}$';
