import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHtmlCity } from '../support/html-city.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { memoryStore, referenceStore } from '../support/test-store.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await importHtmlCity(t.store);
});
afterAll(async () => t.store.close());

const get = async (url: string) => (await t.as('viewer')).get(url);
/** The JSON chart configuration embedded under `id`. */
const chartOf = (html: string, id: string) => {
  const m = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(html);
  expect(m, `chart data ${id}`).not.toBeNull();
  return JSON.parse(m![1]!);
};

describe('overview page', () => {
  it('has a sortable heat table, common gaps, the distribution chart with its table, and counts', async () => {
    const res = await get('/?wave=2026');
    expect(res.status).toBe(200);
    expect(res.text).toContain(
      '<table class="data heat" id="heat-table" data-sortable data-sorted-ascending="Sorted by {column}, ascending."',
    );
    expect(res.text).toContain('<script src="/static/js/sort-table.js">');
    expect(res.text).toContain('id="common-gaps"');
    const chart = chartOf(res.text, 'distribution-data');
    expect(chart.type).toBe('scatter');
    expect(chart.options.plugins.categoryTicks.labels).toHaveLength(5);
    expect(res.text).toContain('id="distribution-table"');
    // 38 demo cities + the HTML city; 2 demo imports (one per wave) + 1 test import in 2026.
    expect(res.text).toMatch(/39 cities · \d+ respondents · 2 imports/);
    // The page around the cached heat table is per request: the sign-out form carries this session's CSRF token.
    expect(res.text).toMatch(/<input type="hidden" name="_csrf" value="[^"]{20,}">/);
    expect(res.text.match(/id="heat-table"/g)).toHaveLength(1);
  });

  it('shows suppressed cells as suppressed, never as 0, and sorts them last', async () => {
    const res = await get('/?wave=2026');
    const tampere = /<tr>\s*<th scope="row"><a [^>]*>Tampere<\/a><\/th>[\s\S]*?<\/tr>/.exec(res.text)![0];
    expect(tampere).toContain('class="num suppressed" data-sort=""');
    expect(tampere).not.toMatch(/>0[.,]0</);
  });

  it('escapes a city name containing HTML', async () => {
    const res = await get('/?wave=2026');
    expect(res.text).toContain('&lt;i&gt;Evil&lt;/i&gt; &amp; &#34;Co&#34;');
    expect(res.text).not.toContain('<i>Evil</i>');
  });

  it('speaks Dutch with lang=nl and keeps the state in links', async () => {
    const res = await get('/?wave=2025&lang=nl');
    expect(res.text).toContain('<html lang="nl">');
    expect(res.text).toContain('Spreiding van elke dimensie over de steden');
    expect(res.text).toContain('href="/cities/gent?wave=2025&amp;lang=nl"');
  });

  it('filters by segment and says so', async () => {
    const all = await get('/?wave=2026');
    const it = await get('/?wave=2026&segment=role:it');
    expect(it.status).toBe(200);
    expect(it.text).toContain('Only respondents with Role = IT / data');
    expect(it.text).toContain('<option value="role:it" selected>');
    const n = (html: string) => Number(/(\d+) respondents · /.exec(html)![1]);
    expect(n(it.text)).toBeLessThan(n(all.text));
  });

  it('answers 400 naming the segment columns for an unknown segment', async () => {
    const res = await get('/?segment=shoe:size');
    expect(res.status).toBe(400);
    expect(res.text).toContain('role, layer');
  });

  it('shows the empty state with a link to the imports when there is no data', async () => {
    const empty = await makeTestApp({ store: await referenceStore() });
    const res = await (await empty.as('viewer')).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('No survey data yet.');
    expect(res.text).toContain('href="/imports"');
    await empty.store.close();
  });
});

describe('city page', () => {
  it('has the radar, gap bars with intervals and n.s. marks, levels, trend and drill-down', async () => {
    const res = await get('/cities/gent?wave=2026&peers=largest:5');
    expect(res.status).toBe(200);
    const radar = chartOf(res.text, 'radar-data');
    expect(radar.data.datasets).toHaveLength(3);
    const bars = chartOf(res.text, 'gap-data');
    expect(bars.options.indexAxis).toBe('y');
    expect(bars.data.datasets.map((d: { label: string }) => d.label)).toEqual([
      'Gap to target',
      'Gap to peers',
      'Gap to leader',
    ]);
    const target = bars.data.datasets[0];
    // The gap to target's interval is target − the city's 95 % interval: it contains the gap.
    target.data.forEach((gap: number, i: number) => {
      const [lo, hi] = target.intervals[i];
      expect(lo).toBeLessThanOrEqual(gap + 0.1);
      expect(hi).toBeGreaterThanOrEqual(gap - 0.1);
    });
    expect(bars.data.datasets[1].notSignificant).toHaveLength(5);
    expect(res.text).toContain('id="gap-interval-table"');
    expect(res.text).toContain('id="levels"');
    const trend = chartOf(res.text, 'trend-data');
    expect(trend.data.labels).toEqual(['2025', '2026']);
    expect(res.text).toContain('id="trend-table"');
    expect(res.text).toMatch(/<th scope="row">SOV0\d<\/th>/);
    // A driver only where the city is clearly behind (Benjamini–Hochberg over the dimension's questions).
    const drivers = [...res.text.matchAll(/<tr class="driver">[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    for (const row of drivers) expect(row).toContain('(clear driver)');
    for (const row of drivers) expect(row).not.toContain('no clear difference');
    // Rank of the index among the cities with a complete index, with the bootstrap's median and 90 % interval.
    expect(res.text).toMatch(/id="index-rank">Rank: \d+ of \d+ \(median \d+, Rank interval \d+–\d+\)</);
    expect(res.text).toMatch(/id="index-interval">95 % interval \d+\.\d–\d+\.\d</);
    expect(res.text).toContain('id="method"');
    // The change against the previous wave, from the scoring engine.
    expect(res.text).toContain('Change vs previous wave');
  });

  it('marks a gap that is not significant', async () => {
    const res = await get('/cities/gent?wave=2026&peers=all');
    const bars = chartOf(res.text, 'gap-data');
    const flags = bars.data.datasets.flatMap((d: { notSignificant: boolean[] }) => d.notSignificant);
    if (flags.includes(true)) expect(res.text).toMatch(/no clear difference \(n\.s\.\)/);
    // The peer whisker is the 95 % interval of the gap shown: a clear difference (Holm-adjusted
    // p < 0.05, so p < 0.05) lies wholly on one side of 0, and a whisker across 0 is marked n.s.
    const peers = bars.data.datasets[1];
    peers.intervals.forEach((iv: [number, number] | null, i: number) => {
      if (iv && iv[0] <= 0 && iv[1] >= 0) expect(peers.notSignificant[i]).toBe(true);
      if (iv && !peers.notSignificant[i]) expect(iv[0] > 0 || iv[1] < 0).toBe(true);
    });
    expect(res.text).toContain('A pale bar marked');
  });

  it('answers 404 naming an unknown city', async () => {
    const res = await get('/cities/atlantis');
    expect(res.status).toBe(404);
    expect(res.text).toContain('No city called &#34;atlantis&#34;');
  });

  it('shows a suppressed city as suppressed, never as 0, and with no n', async () => {
    const res = await get('/cities/tampere?wave=2026');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Index: suppressed');
    expect(res.text).toMatch(/<td class="num suppressed">suppressed<\/td><td class="num">—<\/td>/);
    expect(res.text).not.toMatch(/<td class="num suppressed">suppressed<\/td><td class="num">\d/);
  });

  it('applies a segment to scores, drill-down and trend', async () => {
    const res = await get('/cities/gent?wave=2026&segment=layer:team');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Only respondents with Organisational layer = Team self-reliance (low-code)');
    expect(res.text).toContain('href="/compare?wave=2026&amp;segment=layer%3Ateam&amp;cities=Gent"');
  });

  it('answers 404 when the city has no respondents in the segment', async () => {
    const res = await get('/cities/gent?wave=2026&segment=role:astronaut');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Gent has no respondents with role = astronaut');
  });

  it('shows an HTML city name as text', async () => {
    const overview = await get('/?wave=2026');
    const slug = /href="\/cities\/([^"?]+)\?wave=2026">&lt;i&gt;/.exec(overview.text)![1]!;
    const res = await get(`/cities/${slug}?wave=2026`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>&lt;i&gt;Evil&lt;/i&gt; &amp; &#34;Co&#34;');
    expect(res.text).not.toContain('<i>Evil');
    expect(chartOf(res.text, 'radar-data').data.datasets[0].label).toBe('<i>Evil</i> & "Co"');
  });

  it('says there is no data yet with a link to the imports', async () => {
    const empty = await makeTestApp({ store: await referenceStore() });
    const res = await (await empty.as('viewer')).get('/cities/gent');
    expect(res.status).toBe(404);
    expect(res.text).toContain('No survey data yet');
    expect(res.text).toContain('href="/imports"');
    await empty.store.close();
  });
});

describe('compare page', () => {
  it('shows the focus city and its five largest peers side by side', async () => {
    const res = await get('/compare?cities=Gent&peers=largest:5&wave=2026');
    expect(res.status).toBe(200);
    const radar = chartOf(res.text, 'compare-radar-data');
    expect(radar.data.datasets.map((d: { label: string }) => d.label)).toEqual([
      'Gent',
      'London',
      'Berlin',
      'Madrid',
      'Roma',
      'Paris',
    ]);
    const bars = chartOf(res.text, 'compare-bars-data');
    expect(bars.data.datasets).toHaveLength(6);
    expect(bars.data.datasets[0].intervals).toHaveLength(5);
    expect(res.text).toContain('id="compare-table"');
    expect(res.text.match(/class="counts">[^·]*/)?.[0]).toBe('class="counts">Peer group: the five largest cities ');
  });

  it('names the peer group in words in Dutch too', async () => {
    const res = await get('/compare?cities=Gent&peers=country:BE&wave=2026&lang=nl');
    expect(res.status).toBe(200);
    expect(res.text).toContain('de andere steden in België');
  });

  it('compares chosen cities without peers unless asked, and suppresses small ones', async () => {
    const res = await get('/compare?cities=Gent,Antwerpen,Tampere&wave=2026');
    const radar = chartOf(res.text, 'compare-radar-data');
    expect(radar.data.datasets.map((d: { label: string }) => d.label)).toEqual(['Gent', 'Antwerpen', 'Tampere']);
    expect(radar.data.datasets[2].data).toEqual([null, null, null, null, null]);
    expect(res.text).toContain('<td class="num suppressed">suppressed</td>');
  });

  it('explains itself without cities, and names an unknown one on the page', async () => {
    const hint = await get('/compare');
    expect(hint.status).toBe(200);
    expect(hint.text).toContain('id="compare-hint"');
    const res = await get('/compare?cities=Gent,Atlantis');
    expect(res.status).toBe(200);
    expect(res.text).toContain('No city called “Atlantis” is known: it was left out.');
  });
});

describe('instrument page', () => {
  it('lists dimensions, questions, scales, levels, targets and answer labels, and links to the imports', async () => {
    const res = await get('/instrument');
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="dim-sovereignty"');
    expect(res.text).toContain('SOV01');
    expect(res.text).toContain('likert 1–5');
    expect(res.text).toContain('Strongly agree · Helemaal akkoord');
    expect(res.text).toMatch(/<th scope="row" class="level-5">5<\/th><td>Leading<\/td>/);
    expect(res.text).toContain('href="/imports"');
    const nl = await get('/instrument?lang=nl');
    expect(nl.text).toContain('Toonaangevend');
  });

  it('answers 404 for an unknown instrument and shows the empty state without any', async () => {
    expect((await get('/instrument?instrument=nope')).status).toBe(404);
    const bare = await makeTestApp({ store: await memoryStore() });
    const res = await (await bare.as('viewer')).get('/instrument');
    expect(res.status).toBe(200);
    expect(res.text).toContain('No survey data yet.');
    await bare.store.close();
  });
});
