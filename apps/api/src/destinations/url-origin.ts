/**
 * What the activity log records of a destination's URL: scheme, host and port only. A Slack incoming-webhook
 * path or a `?token=` query is a credential, so path, query and fragment are left out.
 */
export function urlOrigin(url: string | null): string | null {
  if (url === null) return null;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}
