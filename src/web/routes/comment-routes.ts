import type { Router } from 'express';
import { findCityComments, MIN_COMMENT_GROUP } from '../../db/repositories/comments.js';
import type { Store } from '../../db/create-db.js';
import { findCityBySlug } from '../../db/repositories/cities.js';
import { resolveWave } from '../../db/repositories/waves.js';
import { requireRole } from '../auth/require-role.js';
import { HttpError } from '../http-error.js';
import { pageLocals } from '../page-locals.js';
import { readQuery, waveOrLatest } from '../query-params.js';
import { strictRouter } from '../strict-router.js';

/** Free-text comments of a city: analysts only, and only for groups of at least 10. */
export function commentRoutes(store: Store): Router {
  const router = strictRouter();
  router.get('/cities/:slug/comments', requireRole('analyst'), async (req, res) => {
    const locals = pageLocals(req, res);
    const query = readQuery(req);
    const slug = String(req.params.slug);
    const city = await findCityBySlug(store.db, slug);
    if (!city) throw new HttpError('city-not-found', `No city called "${slug}".`);
    const year = await waveOrLatest(store.db, query);
    if (year === null) throw new HttpError('wave-not-found', 'No survey data yet: import a survey first.');
    const wave = await resolveWave(store.db, year, query.instrument);
    const result = await findCityComments(store.db, wave.id, city.id);
    res.render('comments', {
      ...locals,
      title: `${locals.t('comments')} · ${city.name} ${year}`,
      city,
      wave: year,
      result,
      minGroup: MIN_COMMENT_GROUP,
    });
  });
  return router;
}
