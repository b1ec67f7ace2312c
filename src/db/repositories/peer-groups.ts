import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/domain-error.js';
import { parsePeerSpec } from '../../domain/peer-groups.js';
import type { Database } from '../schema.js';

export interface SavedPeerGroup {
  readonly name: string;
  readonly spec: string;
}

const NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/**
 * Saves (or replaces) a named peer group. The spec is validated now and may
 * not itself name a group (no chains). Names are case-insensitive.
 */
export async function savePeerGroup(
  db: Kysely<Database>,
  name: string,
  spec: string,
  now: string,
): Promise<SavedPeerGroup> {
  const key = name.trim().toLowerCase();
  if (!NAME.test(key)) {
    throw new DomainError(
      'peer-group-name-invalid',
      `Peer group name "${name}" is not valid: use letters, digits, "_", "." or "-" (at most 64).`,
    );
  }
  const parsed = parsePeerSpec(spec);
  if (parsed.kind === 'named') {
    throw new DomainError(
      'peers-invalid',
      `A saved peer group cannot refer to another group ("${spec}"): write its cities or rule.`,
    );
  }
  const text = spec.trim();
  await db
    .insertInto('peer_groups')
    .values({ name: key, spec: text, created_at: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ spec: text, created_at: now }))
    .execute();
  return { name: key, spec: text };
}

export async function listPeerGroups(db: Kysely<Database>): Promise<SavedPeerGroup[]> {
  return db.selectFrom('peer_groups').select(['name', 'spec']).orderBy('name').execute();
}

/** Removes a saved group; throws `peer-group-not-found` when there is none of that name. */
export async function deletePeerGroup(db: Kysely<Database>, name: string): Promise<void> {
  const result = await db.deleteFrom('peer_groups').where('name', '=', name.trim().toLowerCase()).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0)
    throw new DomainError('peer-group-not-found', `No saved peer group called "${name}".`);
}
