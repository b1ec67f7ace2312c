import type { Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { init } from './0001-init.js';
import { auth } from './0002-auth.js';
import { peerGroups } from './0003-peer-groups.js';
import { aggregates } from './0004-aggregates.js';
import { pendingUploads } from './0005-pending-uploads.js';
import { appSecrets } from './0006-app-secrets.js';
import { respondentStorage } from './0007-respondent-storage.js';
import { questionAggregates } from './0008-question-aggregates.js';
import { readPath } from './0010-read-path.js';
import { questionMoments } from './0011-question-moments.js';
import { originalEncoding } from './0012-original-encoding.js';
import { signInHardening } from './0013-sign-in-hardening.js';
import { cityTargets } from './0014-city-targets.js';
import { scoreRanges } from './0016-score-ranges.js';
import { importOptions } from './0018-import-options.js';
import { setBasedParentChecks } from './0019-set-based-parent-checks.js';
import { importCityMap } from './0020-import-city-map.js';

/**
 * The migrations, in order. A static list (not a folder scan): Kysely's
 * FileMigrationProvider cannot load .ts files under vitest.
 */
export function migrationProvider(dialect: DialectName): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_init': init(dialect),
    '0002_auth': auth(dialect),
    '0003_peer_groups': peerGroups(dialect),
    '0004_aggregates': aggregates(dialect),
    '0005_pending_uploads': pendingUploads(dialect),
    '0006_app_secrets': appSecrets(dialect),
    '0007_respondent_storage': respondentStorage(dialect),
    '0008_question_aggregates': questionAggregates(dialect),
    '0010_read_path': readPath(dialect),
    '0011_question_moments': questionMoments(dialect),
    '0012_original_encoding': originalEncoding(),
    '0013_sign_in_hardening': signInHardening(dialect),
    '0014_city_targets': cityTargets(dialect),
    '0016_score_ranges': scoreRanges(dialect),
    '0018_import_options': importOptions(),
    '0019_set_based_parent_checks': setBasedParentChecks(dialect),
    '0020_import_city_map': importCityMap(),
  };
  return { getMigrations: async () => migrations };
}
