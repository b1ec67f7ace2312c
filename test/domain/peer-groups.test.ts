import { describe, expect, it } from 'vitest';
import { parsePeerSpec, resolvePeers } from '../../src/domain/peer-groups.js';

const cities = [
  { id: 'big', country: 'DE', population: 3_000_000 },
  { id: 'gent', country: 'BE', population: 265_000 },
  { id: 'mid', country: 'BE', population: 500_000 },
  { id: 'small', country: 'NL', population: 100_000 },
  { id: 'unknown', country: 'BE', population: null },
];
const find = (name: string) => cities.find((c) => c.id === name.toLowerCase())?.id;

describe('peer groups', () => {
  it('parses every written form', () => {
    expect(parsePeerSpec('largest:5')).toEqual({ kind: 'largest', count: 5 });
    expect(parsePeerSpec('country:be')).toEqual({ kind: 'country', country: 'BE' });
    expect(parsePeerSpec('all')).toEqual({ kind: 'all' });
    expect(parsePeerSpec('Berlin, Paris,Wien')).toEqual({ kind: 'list', names: ['Berlin', 'Paris', 'Wien'] });
    expect(() => parsePeerSpec('largest:x')).toThrow(/not understood/);
  });

  it('takes the N most populous cities, never the focus city, never one without population', () => {
    expect(resolvePeers(parsePeerSpec('largest:2'), 'big', cities, find)).toEqual(['mid', 'gent']);
    expect(resolvePeers(parsePeerSpec('largest:10'), 'gent', cities, find)).toEqual(['big', 'mid', 'small']);
  });

  it('resolves country, all and lists without the focus city', () => {
    expect(resolvePeers(parsePeerSpec('country:BE'), 'gent', cities, find)).toEqual(['mid', 'unknown']);
    expect(resolvePeers(parsePeerSpec('all'), 'gent', cities, find)).toHaveLength(4);
    expect(resolvePeers(parsePeerSpec('Gent,Big'), 'gent', cities, find)).toEqual(['big']);
    expect(() => resolvePeers(parsePeerSpec('Atlantis'), 'gent', cities, find)).toThrow(/Atlantis/);
  });
});
