import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Config } from '../config.js';
import type { Store } from '../db/create-db.js';
import { createHeavyPool, type HeavyPool } from '../offload/heavy-pool.js';
import { paths } from '../paths.js';
import { auditRefusals } from './auth/audit-refusals.js';
import { authenticate } from './auth/authenticate.js';
import { csrfProtection } from './auth/csrf.js';
import { errorHandler, notFound } from './error-handler.js';
import { oneRequestPerTurn } from './one-request-per-turn.js';
import { adminRoutes } from './routes/admin-routes.js';
import { commentRoutes } from './routes/comment-routes.js';
import { loginRoutes } from './routes/login-routes.js';
import { apiDocsRoutes } from './routes/api-docs-routes.js';
import { apiRoutes } from './routes/api-routes.js';
import { importRoutes } from './routes/import-routes.js';
import { pageRoutes } from './routes/page-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { targetApiRoutes } from './routes/target-api-routes.js';

export interface AppDeps {
  readonly store: Store;
  readonly config: Config;
  /** The clock (sessions, throttling, audit); tests inject one. Default: the system clock. */
  readonly now?: () => Date;
  /** HMAC secret of CSRF tokens; default: random per process (forms must be reloaded after a restart). */
  readonly csrfSecret?: string;
  /** The worker pool for reports and simulations; default: one sized by `config` (its threads start on first use). */
  readonly heavy?: HeavyPool;
}

// chart.js exports no subpath for its UMD build: find the package, then the file.
const chartJsFile = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/** The Express app, with every dependency passed in (no module-level state). */
export function createApp({
  store,
  config,
  now = () => new Date(),
  csrfSecret,
  heavy = createHeavyPool(config.workPool),
}: AppDeps): Express {
  const app = express();
  // Paths match exactly as written (set before the first route): `/API/V1/IMPORTS` or `/imports/5/undo/`
  // is a 404, never a second way into a route; every router is made the same way (strict-router.ts).
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.disable('x-powered-by');
  // No body-hash ETags: pages carry a per-user CSRF token, so they never match, and hashing a
  // 270 kB page cost every request; the scores API sends its own precomputed ETag (send-prepared.ts).
  app.set('etag', false);
  // Behind a reverse proxy, req.secure and req.ip come from X-Forwarded-* only when trusted.
  if (config.trustProxy) app.set('trust proxy', config.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', paths.views);
  // Compiled templates are kept (Express does so only when NODE_ENV=production, and nothing here sets
  // it): compiling the overview's templates on every request was most of its time.
  // NODE_ENV=development compiles them afresh, for editing templates without a restart.
  app.set('view cache', process.env.NODE_ENV !== 'development');
  // First of all, public, and touching neither the database nor the worker pool: a probe's answer
  // waits only for the request thread itself, never for a report or a query.
  app.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  app.use(oneRequestPerTurn());
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          // Plain HTTP must keep working off localhost: no forced upgrade.
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: false,
    }),
  );
  app.use(cookieParser());
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));
  app.use(express.json({ limit: '1mb' }));
  // Default deny, before every router: only /login, /static, /vendor and /health are public (see access-policy.ts).
  app.use(authenticate(store, now));
  app.use(csrfProtection(csrfSecret));
  app.get('/vendor/chart.umd.min.js', (_req, res) => res.sendFile(chartJsFile, { maxAge: '1d' }));
  app.use('/static', express.static(paths.public, { maxAge: '1h' }));
  app.use('/', loginRoutes(store, now));
  app.use('/admin', adminRoutes(store, config, now));
  app.use('/', commentRoutes(store));
  // Imports (multipart uploads): after the global CSRF check, which lets a multipart POST through
  // with the token in X-CSRF-Token / ?_csrf= or from this site's own Origin (see auth/csrf.ts).
  app.use('/', importRoutes(store, config));
  app.use('/', apiDocsRoutes());
  app.use('/api/v1', apiRoutes(store, heavy));
  app.use('/api/v1', targetApiRoutes(store, now));
  app.use('/reports', reportRoutes(store, now, heavy));
  app.use('/', pageRoutes(store, heavy, config.homeCity));
  app.use(notFound);
  app.use(auditRefusals(store, now));
  app.use(errorHandler);
  return app;
}
