import type { Kysely } from 'kysely';
import { decodeAnswers } from '../db/answer-codec.js';
import { listWaveImports } from '../db/imports.js';
import type { Database } from '../db/schema.js';
import { previousWave } from '../db/waves.js';
import { DEFAULT_PEERS } from '../domain/peer-groups.js';
import { questionMeans } from '../domain/question-means.js';
import { gapsJson, peerSlugs } from '../services/gaps-json.js';
import { cachedRead } from '../services/read-cache.js';
import { loadWaveScoring } from '../services/wave-scoring.js';
import { buildGapReport, type GapReport } from './gap-report.js';
import type { ReportLang } from './report-text.js';

export interface GapReportRequest {
  readonly city: string;
  readonly wave: number;
  readonly instrument?: string;
  readonly peers?: string;
  readonly lang?: ReportLang;
  readonly now?: Date;
}

/** Gathers what a gap report needs from the database (scores, both waves, question means, imports) and builds it. */
export async function loadGapReport(db: Kysely<Database>, request: GapReportRequest): Promise<GapReport> {
  const ws = await loadWaveScoring(db, request.wave, request.instrument);
  const peerSpec = request.peers ?? DEFAULT_PEERS;
  const gaps = gapsJson(ws, request.city, peerSpec);
  const peers = peerSlugs(ws, gaps.slug, peerSpec);
  const before = await previousWave(db, ws.wave);
  const previous = before ? await loadWaveScoring(db, before.year, before.instrumentId) : null;

  const slugs = [gaps.slug, ...peers];
  const means = await cachedRead(db, `report-question-means|${ws.wave.id}|${slugs.join(',')}`, async () => {
    // The aggregates hold no per-question rows: the answers of these cities only (index on wave × city).
    const idBySlug = new Map(slugs.map((s) => [ws.citiesBySlug.get(s)!.id, s]));
    const rows = await db
      .selectFrom('respondents')
      .select(['city_id', 'weight', 'answers'])
      .where('wave_id', '=', ws.wave.id)
      .where('city_id', 'in', [...idBySlug.keys()])
      .execute();
    return questionMeans(
      ws.instrument,
      rows.map((r) => ({ city: idBySlug.get(r.city_id)!, weight: r.weight, answers: decodeAnswers(r.answers) })),
    );
  });
  const imports = [...(await listWaveImports(db, ws.wave.id)), ...(before ? await listWaveImports(db, before.id) : [])];
  return buildGapReport({
    ws,
    gaps,
    peerSlugs: peers,
    questionMeans: means,
    previous,
    imports,
    lang: request.lang ?? 'en',
    generatedAt: request.now ?? new Date(),
  });
}
