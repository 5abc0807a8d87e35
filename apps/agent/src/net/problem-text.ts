/** A problem+json body (RFC 9457, with memfleet's field errors) as one line; the raw text when it is not one. */
export function problemText(body: string): string {
  try {
    const p = JSON.parse(body) as { title?: string; detail?: string; errors?: Array<{ path: string; reason: string }> };
    return [p.title, p.detail, ...(p.errors ?? []).slice(0, 5).map((e) => `${e.path} ${e.reason}`)].filter(Boolean).join(': ');
  } catch {
    return body.slice(0, 300);
  }
}
