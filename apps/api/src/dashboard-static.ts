import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

const API_PREFIXES = ['/api/', '/docs', '/metrics', '/healthz', '/readyz'];

/** MEMFLEET_DASHBOARD_DIR, else apps/dashboard/dist of the install. */
export function dashboardDir(configured: string | null): string {
  // dist/apps/api/src → repo root, whether run from dist/ or from a bundle beside the repo.
  const root = __dirname.includes(`${path.sep}dist${path.sep}`) ? __dirname.split(`${path.sep}dist${path.sep}`)[0] : path.resolve(__dirname, '../../..');
  return configured ?? path.join(root, 'apps/dashboard/dist');
}

/** Serves the built dashboard at / with a single-page-app fallback; anonymous, like /docs. */
export function mountDashboard(app: Express, configured: string | null): string | null {
  const dir = dashboardDir(configured);
  const index = path.join(dir, 'index.html');
  const built = fs.existsSync(index);
  if (built)
    app.use(
      express.static(dir, {
        index: 'index.html',
        maxAge: '1h',
        // index.html is revalidated; Vite names what it loads by content hash, so those never change.
        setHeaders: (res, file) => {
          if (file.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
          else if (file.startsWith(path.join(dir, 'assets') + path.sep)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        },
      }),
    );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || API_PREFIXES.some((p) => req.path.startsWith(p))) return next();
    if (built) return res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } });
    if (req.path !== '/') return next();
    res
      .type('html')
      .send(
        '<!doctype html><title>memfleet</title><h1>memfleet</h1><p>The dashboard is not built: run <code>npm run build:dashboard</code>. The API is documented at <a href="/docs">/docs</a>.</p>',
      );
  });
  return built ? dir : null;
}
