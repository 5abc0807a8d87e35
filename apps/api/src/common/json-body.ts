import { gunzipSync, inflateSync } from 'node:zlib';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { checkJsonTree, MAX_JSON_DEPTH } from '@memfleet/contracts';
import { requestId } from '../logger-options';
import { invalidFields } from './problem.exception';

type BodyError = Error & { status: number; type: string; limit?: number; code?: string };

const bodyError = (status: number, type: string, message: string, extra: Partial<BodyError> = {}): BodyError =>
  Object.assign(new Error(message), { status, type, ...extra });

const logger = new Logger('http');

/**
 * JSON bodies, gzip- or deflate-encoded or plain, with the size limit applied after decompression.
 * Reports are a few KiB compressed: inflating the whole buffer at once costs less than a stream.
 * A parsed body is checked once, iteratively, before anything walks it recursively: at most
 * MAX_JSON_DEPTH levels, and no string or key PostgreSQL cannot store (see json-tree.ts). A refusal
 * from here, and a client that leaves mid-body (it never reaches the request logger), carry the
 * request's id.
 */
export function jsonBody(limit: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE' || !req.is(['application/json', 'application/*+json'])) return next();
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const fail = (err: Error) => {
      requestId(req, res);
      next(err);
    };
    if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'deflate') {
      return fail(bodyError(415, 'encoding.unsupported', `Unsupported Content-Encoding "${encoding}"; use gzip, deflate or identity.`));
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
        fail(bodyError(413, 'entity.too.large', 'request entity too large', { limit }));
        return;
      }
      chunks.push(c);
    });
    req.on('error', (err: Error & { code?: string }) => {
      if (failed) return;
      failed = true;
      if (!req.readableAborted && err.code !== 'ECONNRESET') return fail(err);
      // The client went away mid-body: nothing to answer, nothing went wrong here.
      logger.warn(
        { requestId: requestId(req, res), method: req.method, path: req.path, receivedBytes: size },
        'client disconnected before the body was complete',
      );
      if (!res.headersSent && res.writable && !req.socket.destroyed) fail(bodyError(400, 'entity.incomplete', 'The body ended before its declared length.'));
    });
    req.on('end', () => {
      if (failed) return;
      // A report usually arrives in one chunk: no copy then.
      let raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      try {
        if (encoding === 'gzip') raw = gunzipSync(raw, { maxOutputLength: limit });
        else if (encoding === 'deflate') raw = inflateSync(raw, { maxOutputLength: limit });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'ERR_BUFFER_TOO_LARGE') return fail(bodyError(413, 'entity.too.large', 'request entity too large', { limit }));
        return fail(Object.assign(bodyError(400, 'encoding.failed', 'The body is not valid gzip.'), { code: code ?? 'Z_DATA_ERROR' }));
      }
      if (raw.length > limit) return fail(bodyError(413, 'entity.too.large', 'request entity too large', { limit }));
      let body: unknown;
      try {
        // JSON.parse itself is not recursive: any depth parses; checkJsonTree then bounds it.
        body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      } catch (err) {
        return fail(bodyError(400, 'entity.parse.failed', (err as Error).message));
      }
      const errors = checkJsonTree(body, { maxDepth: MAX_JSON_DEPTH });
      if (errors.length)
        return fail(invalidFields(errors, `The body has ${errors.length === 20 ? 'at least 20' : errors.length} field(s) that cannot be stored.`));
      req.body = body;
      next();
    });
  };
}
