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

/** The dashboard reads the server's defaults from this meta tag of index.html (no script: the CSP forbids inline ones). */
export const REFRESH_META = 'memfleet-refresh-seconds';

/**
 * Serves the built dashboard at / with a single-page-app fallback; anonymous, like /docs. index.html carries the
 * default refresh interval.
 */
export function mountDashboard(app: Express, configured: string | null, refreshSeconds: number): string | null {
  const dir = dashboardDir(configured);
  const index = path.join(dir, 'index.html');
  const built = fs.existsSync(index);
  const page = built ? fs.readFileSync(index, 'utf8').replace('</head>', `<meta name="${REFRESH_META}" content="${Math.trunc(refreshSeconds)}"></head>`) : null;
  if (built)
    app.use(
      express.static(dir, {
        // index.html is sent below, with the defaults in it.
        index: false,
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
    if (page !== null) return res.type('html').set('Cache-Control', 'no-cache').send(page);
    if (req.path !== '/') return next();
    res
      .type('html')
      .send(
        '<!doctype html><title>memfleet</title><h1>memfleet</h1><p>The dashboard is not built: run <code>npm run build:dashboard</code>. The API is documented at <a href="/docs">/docs</a>.</p>',
      );
  });
  return built ? dir : null;
}
