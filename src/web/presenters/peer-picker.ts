import { parsePeerSpec, type Peers } from '../../domain/peer-groups.js';
import { peerGroupName, type PlainLang } from '../../domain/peer-group-name.js';
import { accentlessKey } from '../../domain/text-key.js';
import type { PeerChoice, UnknownName } from '../../services/peer-choice.js';
import type { WaveScoring } from '../../services/wave-scoring.js';

export interface PeerPickerView {
  /** Radio options: the five largest, same country, all, each saved group (and the group shown, if another rule). */
  readonly presets: readonly { readonly value: string; readonly label: string; readonly checked: boolean }[];
  /** The "chosen cities" option is the one in use. */
  readonly listChecked: boolean;
  /** Every other city of the wave, ticked when it is a peer now; `shown` false when the filter hides it. */
  readonly cities: readonly { readonly name: string; readonly checked: boolean; readonly shown: boolean }[];
  readonly filter: string;
  /** Names given that are not known, with suggestions and a link that puts each suggestion in its place. */
  readonly unknown: readonly (UnknownName & { readonly links: readonly { name: string; peers: string }[] })[];
  readonly fellBack: boolean;
  /** No city was ticked with "chosen cities": the default group is shown. */
  readonly noneTicked: boolean;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The peer picker of the city and compare pages: presets and a checkbox per
 * city, so a peer group is chosen by clicking (peer-form.ts turns the ticks
 * into the `peers` text of the URL). The filter also works without script:
 * the page is sent with only the matching cities (ticked ones always stay).
 */
export function presentPeerPicker(input: {
  ws: WaveScoring;
  focusSlug: string;
  asked: Peers | null;
  choice: PeerChoice;
  peerSlugs: readonly string[];
  lang: PlainLang;
  filter: string;
  noneTicked: boolean;
}): PeerPickerView {
  const { ws, focusSlug, choice, lang } = input;
  const focus = ws.citiesBySlug.get(focusSlug)!;
  const current = choice.peers;
  const values = [
    'largest:5',
    `country:${focus.country}`,
    'all',
    ...[...ws.peerGroups.keys()].map((g) => `group:${g}`),
  ];
  if (current.spec.kind !== 'list' && !values.some((v) => same(v, current.text))) values.push(current.text);
  const presets = values.map((value) => ({
    value,
    label: presetLabel(value, ws, lang),
    checked: current.spec.kind !== 'list' && same(value, current.text),
  }));
  const key = accentlessKey(input.filter);
  const cities = [...ws.citiesBySlug.values()]
    .filter((c) => c.slug !== focusSlug)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((c) => {
      const checked = input.peerSlugs.includes(c.slug);
      return { name: c.name, checked, shown: checked || key === '' || accentlessKey(c.name).includes(key) };
    });
  const askedNames = input.asked?.spec.kind === 'list' ? input.asked.spec.names : [];
  return {
    presets,
    listChecked: current.spec.kind === 'list',
    cities,
    filter: input.filter,
    unknown: choice.unknown.map((u) => ({
      ...u,
      links:
        u.kind === 'group'
          ? u.suggestions.map((g) => ({ name: g, peers: `group:${g}` }))
          : u.suggestions.map((s) => ({ name: s, peers: askedNames.map((n) => (n === u.name ? s : n)).join(',') })),
    })),
    fellBack: choice.fellBack,
    noneTicked: input.noneTicked,
  };
}

function presetLabel(value: string, ws: WaveScoring, lang: PlainLang): string {
  const spec = parsePeerSpec(value);
  const name = peerGroupName(spec, lang);
  // A saved group also shows what it holds.
  const label = spec.kind === 'named' ? `${name} (${ws.peerGroups.get(spec.name.toLowerCase()) ?? ''})` : name;
  return label.charAt(0).toUpperCase() + label.slice(1);
}
