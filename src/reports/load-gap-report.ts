import type { Kysely } from 'kysely';
import { listWaveImports } from '../db/repositories/imports.js';
import type { Database } from '../db/schema.js';
import { previousWave } from '../db/repositories/waves.js';
import { localize } from '../domain/instrument.js';
import { DEFAULT_PEER_GROUP, type Peers } from '../domain/peer-groups.js';
import type { SegmentFilter } from '../domain/segment-filter.js';
import { loadDashboardWave, loadQuestionScores, segmentText } from '../services/dashboard-data.js';
import { gapsJson, peerSlugs } from '../services/gaps-json.js';
import { onThisThread, type HeavyPool } from '../offload/heavy-pool.js';
import { loadIndexUncertainty } from '../services/index-uncertainty-data.js';
import type { WaveScoring } from '../services/wave-scoring.js';
import { buildGapReport, type GapReport } from './gap-report.js';
import type { ReportLang } from './report-text.js';

export interface GapReportRequest {
  readonly city: string;
  readonly wave: number;
  readonly instrument?: string;
  readonly peers?: Peers;
  /** `role:it`: every figure over that segment's respondents only (as on the city page). */
  readonly segment?: string;
  readonly lang?: ReportLang;
  readonly now?: Date;
}

/**
 * Gathers what a gap report needs from the database (scores, both waves,
 * question means, imports) and builds it. With a segment, every figure is
 * over the segment's respondents, suppressed as on the pages, and the
 * report says so.
 */
/** `heavy`: where the index and rank intervals are simulated (the web app's worker pool; default this thread). */
export async function loadGapReport(
  db: Kysely<Database>,
  request: GapReportRequest,
  heavy: HeavyPool = onThisThread(),
): Promise<GapReport> {
  const lang = request.lang ?? 'en';
  const dw = await loadDashboardWave(db, request.wave, request.instrument, request.segment);
  const ws = dw.ws;
  const peerGroup = request.peers ?? DEFAULT_PEER_GROUP;
  const gaps = gapsJson(ws, request.city, peerGroup, lang);
  const peers = peerSlugs(ws, gaps.slug, peerGroup.spec);
  const before = await previousWave(db, ws.wave);
  const previous = before
    ? (await loadDashboardWave(db, before.year, before.instrumentId, segmentText(dw.segment))).ws
    : null;
  const means = await loadQuestionScores(db, dw, [gaps.slug, ...peers]);
  // The bootstrap is cached per wave, over all respondents: a segment's report states no index interval.
  const uncertainty = dw.segment ? null : await loadIndexUncertainty(db, heavy, ws);
  const imports = [...(await listWaveImports(db, ws.wave.id)), ...(before ? await listWaveImports(db, before.id) : [])];
  return buildGapReport({
    ws,
    gaps,
    peerSlugs: peers,
    questionMeans: means,
    previous,
    imports,
    indexUncertainty: uncertainty?.cities.find((c) => c.city === gaps.slug) ?? null,
    lang,
    generatedAt: request.now ?? new Date(),
    segment: dw.segment ? segmentInWords(ws, dw.segment, lang) : null,
  });
}

/** "Role: IT / data" from `role:it`, with the instrument's labels. */
function segmentInWords(ws: WaveScoring, segment: SegmentFilter, lang: ReportLang): string {
  const definition = ws.instrument.segments.find((s) => s.key === segment.key);
  const valueLabel = Object.entries(definition?.values ?? {}).find(
    ([v]) => v.toLowerCase() === segment.value.toLowerCase(),
  )?.[1];
  return `${localize(definition?.label, lang) || segment.key}: ${valueLabel ? localize(valueLabel, lang) : segment.value}`;
}
