import { gunzipSync, inflateSync } from 'node:zlib';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

type BodyError = Error & { status: number; type: string; limit?: number; code?: string };

const bodyError = (status: number, type: string, message: string, extra: Partial<BodyError> = {}): BodyError =>
  Object.assign(new Error(message), { status, type, ...extra });

/**
 * JSON bodies, gzip- or deflate-encoded or plain, with the size limit applied after decompression.
 * Reports are a few KiB compressed: inflating the whole buffer at once costs less than a stream.
 */
export function jsonBody(limit: number): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE' || !req.is(['application/json', 'application/*+json'])) return next();
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'deflate') {
      return next(bodyError(415, 'encoding.unsupported', `Unsupported Content-Encoding "${encoding}"; use gzip, deflate or identity.`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      // Compressed data is never larger than what it inflates to: past the limit already means too large.
      if (size > limit) {
        failed = true;
        next(bodyError(413, 'entity.too.large', 'request entity too large', { limit }));
        return;
      }
      chunks.push(c);
    });
    req.on('error', (err) => {
      if (!failed) {
        failed = true;
        next(err);
      }
    });
    req.on('end', () => {
      if (failed) return;
      let raw = Buffer.concat(chunks);
      try {
        if (encoding === 'gzip') raw = gunzipSync(raw, { maxOutputLength: limit });
        else if (encoding === 'deflate') raw = inflateSync(raw, { maxOutputLength: limit });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'ERR_BUFFER_TOO_LARGE') return next(bodyError(413, 'entity.too.large', 'request entity too large', { limit }));
        return next(Object.assign(bodyError(400, 'encoding.failed', 'The body is not valid gzip.'), { code: code ?? 'Z_DATA_ERROR' }));
      }
      if (raw.length > limit) return next(bodyError(413, 'entity.too.large', 'request entity too large', { limit }));
      try {
        req.body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      } catch (err) {
        return next(bodyError(400, 'entity.parse.failed', (err as Error).message));
      }
      next();
    });
  };
}
