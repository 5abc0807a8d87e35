import { ApiError, readToken } from './client';
import type { Problem } from './types';

/**
 * Downloads an API export. The token is a bearer header, which a plain link cannot send, so the file
 * is fetched and handed to the browser as a blob URL.
 */
export async function downloadExport(path: string, fallbackName: string): Promise<string> {
  const token = readToken();
  const res = await fetch(`/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    let problem: Problem | null = null;
    try {
      problem = (await res.json()) as Problem;
    } catch {
      problem = null;
    }
    throw new ApiError(res.status, problem);
  }
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The click has started the download; the URL can go once the browser has it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
