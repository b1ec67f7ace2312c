import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Config } from '../config.js';
import type { Store } from '../db/create-db.js';
import { paths } from '../paths.js';
import { errorHandler, notFound } from './error-handler.js';
import { apiRoutes } from './routes/api-routes.js';
import { importRoutes } from './routes/import-routes.js';
import { pageRoutes } from './routes/page-routes.js';
import { reportRoutes } from './routes/report-routes.js';

export interface AppDeps {
  readonly store: Store;
  readonly config: Config;
}

// chart.js exports no subpath for its UMD build: find the package, then the file.
const chartJsFile = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/** The Express app, with every dependency passed in (no module-level state). */
export function createApp({ store, config }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', paths.views);
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
  app.get('/vendor/chart.umd.min.js', (_req, res) => res.sendFile(chartJsFile, { maxAge: '1d' }));
  app.use('/static', express.static(paths.public, { maxAge: '1h' }));
  // Imports (multipart uploads): registered before any CSRF check, which needs multer's parsed body.
  app.use('/', importRoutes(store, config));
  app.use('/api/v1', apiRoutes(store));
  app.use('/reports', reportRoutes(store));
  app.use('/', pageRoutes(store));
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
