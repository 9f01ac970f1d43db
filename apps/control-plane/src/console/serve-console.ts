import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the build bundles the console: dist/apps/console/public, beside this app's compiled code. */
export const CONSOLE_DIR = resolve(__dirname, '..', '..', '..', 'console', 'public');

/**
 * The console's only sources are its own files, so the browser refuses anything injected or third-party:
 * no inline script or style, no request to another origin, no framing.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The console's client-side routes: each answers index.html, and the page shows the view. */
const CONSOLE_ROUTES =
  /^\/(?:|sign-in|clusters|deployments(?:\/[^/]+)?|applications(?:\/[^/]+\/(?:drift|bindings|releases\/[^/]+))?|bindings|promotions|audit)\/?$/;

function setConsoleHeaders(response: Response): void {
  response.setHeader('Content-Security-Policy', CONSOLE_CSP);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
}

/**
 * Serves the web console at `/`: its hashed assets as static files and index.html for its routes. Only
 * those paths; everything else (`/v1`, `/docs`, `/openapi.json`, `/metrics`, `/healthz`) reaches Nest as before.
 * Returns false when the console was not built (the API runs without it).
 */
export function serveConsole(app: NestExpressApplication, directory = CONSOLE_DIR): boolean {
  const index = join(directory, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(directory, {
    index: false,
    redirect: false,
    // Hashed file names never change content; index.html is read fresh so a new build is picked up.
    setHeaders: (response: Response, path: string) => {
      setConsoleHeaders(response);
      if (path.includes(`${join(directory, 'assets')}`))
        response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !CONSOLE_ROUTES.test(request.path)) return next();
    setConsoleHeaders(response);
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
  return true;
}
