import type { Kysely } from 'kysely';
import { listWaveImports } from '../db/imports.js';
import type { Database } from '../db/schema.js';
import { previousWave } from '../db/waves.js';
import { DEFAULT_PEERS } from '../domain/peer-groups.js';
import { loadDashboardWave, loadQuestionScores } from '../services/dashboard-data.js';
import { gapsJson, peerSlugs } from '../services/gaps-json.js';
import { onThisThread, type HeavyPool } from '../offload/heavy-pool.js';
import { loadIndexUncertainty } from '../services/index-uncertainty-data.js';
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
/** `heavy`: where the index and rank intervals are simulated (the web app's worker pool; default this thread). */
export async function loadGapReport(db: Kysely<Database>, request: GapReportRequest, heavy: HeavyPool = onThisThread()): Promise<GapReport> {
  const dw = await loadDashboardWave(db, request.wave, request.instrument, undefined);
  const ws = dw.ws;
  const peerSpec = request.peers ?? DEFAULT_PEERS;
  const gaps = gapsJson(ws, request.city, peerSpec);
  const peers = peerSlugs(ws, gaps.slug, peerSpec);
  const before = await previousWave(db, ws.wave);
  const previous = before ? await loadWaveScoring(db, before.year, before.instrumentId) : null;

  // The same question scores as the city page's drill-down (one suppression rule for every view).
  const means = await loadQuestionScores(db, dw, [gaps.slug, ...peers]);
  const uncertainty = await loadIndexUncertainty(db, heavy, ws);
  const imports = [...(await listWaveImports(db, ws.wave.id)), ...(before ? await listWaveImports(db, before.id) : [])];
  return buildGapReport({
    ws,
    gaps,
    peerSlugs: peers,
    questionMeans: means,
    previous,
    imports,
    indexUncertainty: uncertainty.cities.find((c) => c.city === gaps.slug) ?? null,
    lang: request.lang ?? 'en',
    generatedAt: request.now ?? new Date(),
  });
}
