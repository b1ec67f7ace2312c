import type { Request } from 'express';

/** The value of the "chosen cities" option of the peer picker: the ticked cities come as `peer=`. */
export const PEER_LIST_CHOICE = 'list';

/**
 * The peer picker submits `peers=list` and one `peer=<city>` per ticked box
 * (no syntax to type). This turns that into the one shareable form every
 * view reads, `peers=Antwerpen,Brussel`, as the URL to redirect to; null when
 * the query is already in that form. With nothing ticked there is no
 * redirect: the page shows the default group and says so (`noneTicked`).
 */
export function peerFormRedirect(req: Request): string | null {
  const query = req.query as Record<string, unknown>;
  const ticked = [query.peer].flat().filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  const listChosen = query.peers === PEER_LIST_CHOICE;
  if (!listChosen && query.peer === undefined) return null;
  if (listChosen && ticked.length === 0) return null;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (k === 'peer' || k === 'peers' || typeof v !== 'string') continue;
    params.set(k, v);
  }
  if (listChosen) params.set('peers', ticked.map((n) => n.trim()).join(','));
  else if (typeof query.peers === 'string') params.set('peers', query.peers);
  const q = params.toString();
  return `${req.baseUrl}${req.path}${q ? `?${q}` : ''}`;
}

/** The picker chose "chosen cities" and ticked none. */
export function noPeerTicked(req: Request): boolean {
  return req.query.peers === PEER_LIST_CHOICE;
}

/** The picker's filter text (also without script: the page lists only the matching cities). */
export function peerFilterOf(req: Request): string {
  const f = req.query.peerFilter;
  return typeof f === 'string' ? f.slice(0, 100) : '';
}
