import type { Router } from 'express';
import type { Store } from '../../db/create-db.js';
import type { HeavyPool } from '../../offload/heavy-pool.js';
import { cityRoutes } from './pages/city-routes.js';
import { compareRoutes } from './pages/compare-routes.js';
import { instrumentRoutes } from './pages/instrument-routes.js';
import { overviewRoutes } from './pages/overview-routes.js';
import { whatIfRoutes } from './pages/what-if-routes.js';
import { strictRouter } from '../strict-router.js';

/** The server-rendered dashboards: overview, city, compare, instrument and what-if pages (one file each under pages/). */
export function pageRoutes(store: Store, heavy: HeavyPool, homeCity = 'Gent'): Router {
  const router = strictRouter();
  router.use(overviewRoutes(store, homeCity));
  router.use(cityRoutes(store, heavy));
  router.use(compareRoutes(store));
  router.use(instrumentRoutes(store));
  router.use(whatIfRoutes(store));
  return router;
}
