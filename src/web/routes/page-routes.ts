import type { Router } from 'express';
import type { Store } from '../../db/create-db.js';
import type { HeavyPool } from '../../offload/heavy-pool.js';
import { cityRoutes } from './pages/city-routes.js';
import { compareRoutes } from './pages/compare-routes.js';
import { instrumentRoutes } from './pages/instrument-routes.js';
import { overviewRoutes } from './pages/overview-routes.js';
import { strictRouter } from '../strict-router.js';

/** The server-rendered dashboards: overview, city, compare and instrument pages (one file each under pages/). */
export function pageRoutes(store: Store, heavy: HeavyPool): Router {
  const router = strictRouter();
  router.use(overviewRoutes(store));
  router.use(cityRoutes(store, heavy));
  router.use(compareRoutes(store));
  router.use(instrumentRoutes(store));
  return router;
}
