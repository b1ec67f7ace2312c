import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePeerGroup } from '../../src/db/repositories/peer-groups.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await savePeerGroup(t.store.db, 'flanders', 'Antwerpen,Bruxelles,Leuven', '2026-01-01T00:00:00Z');
});
afterAll(async () => t.store.close());

const get = async (url: string) => (await t.as('viewer')).get(url);
/** The peer cities the city page lists ("Peers (…): a, b"). */
const peerLine = (html: string) =>
  /Peers \(([^)]*)\): ([^·]*)·/
    .exec(html)!
    .slice(1, 3)
    .map((s) => s.trim());
const checkedPresets = (html: string) =>
  [...html.matchAll(/<input type="radio" name="peers" value="([^"]*)"[^>]*? checked/g)].map((m) => m[1]);
const tickedCities = (html: string) =>
  [...html.matchAll(/<input type="checkbox" name="peer" value="([^"]*)" checked>/g)].map((m) => m[1]);

describe('peer picker on the city page', () => {
  it('offers the presets, the saved groups and a checkbox per city, the five largest chosen by default', async () => {
    const res = await get('/cities/gent?wave=2026');
    expect(res.status).toBe(200);
    for (const value of ['largest:5', 'country:BE', 'all', 'group:flanders', 'list'])
      expect(res.text).toContain(`<input type="radio" name="peers" value="${value}"`);
    expect(res.text).toContain('The group “flanders” (Antwerpen,Bruxelles,Leuven)');
    expect(checkedPresets(res.text)).toEqual(['largest:5']);
    // The five ticked are the five largest: the same cities the page lists as peers.
    const [, peers] = peerLine(res.text);
    expect(tickedCities(res.text).sort()).toEqual(peers!.split(', ').sort());
    expect(tickedCities(res.text)).toHaveLength(5);
    expect(res.text).not.toContain('value="Gent"'); // the city is never its own peer
    expect(res.text).toContain('<script src="/static/js/peer-picker.js"></script>');
  });

  it('turns ticked cities into one shareable peers= list (303), and the page, report and API links use it', async () => {
    const res = await get('/cities/gent?wave=2026&peers=list&peer=Antwerpen&peer=Leuven&lang=nl');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/cities/gent?wave=2026&lang=nl&peers=Antwerpen%2CLeuven');
    const page = await get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(checkedPresets(page.text)).toEqual(['list']);
    expect(tickedCities(page.text)).toEqual(['Antwerpen', 'Leuven']);
    expect(page.text).toContain(
      'href="/reports/gap.pdf?city=gent&amp;wave=2026&amp;peers=Antwerpen%2CLeuven&amp;lang=nl"',
    );
    const api = await get('/api/v1/cities/gent/gaps?wave=2026&peers=Antwerpen%2CLeuven');
    expect(api.body.peers).toEqual(['Antwerpen', 'Leuven']);
  });

  it('drops the ticks when a preset is chosen', async () => {
    const res = await get('/cities/gent?wave=2026&peers=all&peer=Antwerpen');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/cities/gent?wave=2026&peers=all');
  });

  it('shows the five largest and says so when "cities I tick" has no city ticked', async () => {
    const res = await get('/cities/gent?wave=2026&peers=list');
    expect(res.status).toBe(200);
    expect(res.text).toContain('No city was ticked: showing the five largest cities.');
    expect(checkedPresets(res.text)).toEqual(['largest:5']);
  });

  it('names an unknown peer city inline with suggestions, and keeps the known ones', async () => {
    const res = await get('/cities/gent?wave=2026&peers=Antwerpen,Leuvn');
    expect(res.status).toBe(200);
    expect(res.text).toContain('No city called “Leuvn” is known: it was left out of the peer group.');
    // "leuvn" → "leuven": one insertion; the link puts the suggestion in its place.
    expect(res.text).toContain(
      'Did you mean <a href="/cities/gent?wave=2026&amp;peers=Antwerpen%2CLeuven">Leuven</a>?',
    );
    expect(peerLine(res.text)).toEqual(['Antwerpen', 'Antwerpen']);
  });

  it('falls back to the five largest, with a message, when no name of the list is known (in Dutch too)', async () => {
    const res = await get('/cities/gent?wave=2026&peers=Nowhere&lang=nl');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Er is geen stad “Nowhere” bekend');
    expect(res.text).toContain('In de plaats worden de vijf grootste steden getoond.');
    expect(checkedPresets(res.text)).toEqual(['largest:5']);
  });

  it('says an unknown saved group is unknown and offers the saved ones', async () => {
    const res = await get('/cities/gent?wave=2026&peers=group:flandrs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('No saved peer group called “flandrs”.');
    expect(res.text).toContain('<a href="/cities/gent?wave=2026&amp;peers=group%3Aflanders">flanders</a>');
  });

  it('filters the city list on the server (no script needed), keeping the ticked cities', async () => {
    const res = await get('/cities/gent?wave=2026&peers=Antwerpen&peerFilter=brux');
    const shown = [...res.text.matchAll(/<li data-name="([^"]*)">/g)].map((m) => m[1]);
    expect(shown).toEqual(['Antwerpen', 'Bruxelles']);
    expect(res.text).toMatch(/<li hidden data-name="Leuven">/);
  });

  it('still answers 404 for an unknown city page, with a suggestion', async () => {
    const res = await get('/cities/gnt');
    expect(res.status).toBe(404);
    expect(res.text).toContain('No city called &#34;gnt&#34;. Did you mean Gent?');
  });
});

describe('peer picker and unknown cities on the compare page', () => {
  it('takes ticked cities as the peer group of the first city', async () => {
    const res = await get('/compare?wave=2026&cities=Gent&peers=list&peer=Bruxelles');
    expect(res.status).toBe(303);
    const page = await get(res.headers.location!);
    expect(tickedCities(page.text)).toEqual(['Bruxelles']);
    expect(page.text).toContain('Peer group: Bruxelles');
  });

  it('names an unknown city inline with a suggestion instead of a 404', async () => {
    const res = await get('/compare?wave=2026&cities=Gent,Antwerpn');
    expect(res.status).toBe(200);
    expect(res.text).toContain('No city called “Antwerpn” is known: it was left out.');
    expect(res.text).toContain('<a href="/compare?wave=2026&amp;cities=Gent%2CAntwerpen">Antwerpen</a>?');
    expect(res.text).toContain('id="compare-table"');
  });
});
