import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DomainError } from '../../domain/domain-error.js';
import { DEFAULT_PEERS, parsePeers } from '../../domain/peer-groups.js';
import { addGlobalOptions, parseWaveOption, printJson, withStore, type GlobalOptions } from '../cli-context.js';

// The renderers (pdfkit, exceljs, Chart.js, canvas) load only when a report is asked for
// (dynamic imports below): every other command starts without them.
const FORMATS = ['pdf', 'xlsx', 'csv', 'html'] as const;
type Format = (typeof FORMATS)[number];
const isFormat = (value: string): value is Format => (FORMATS as readonly string[]).includes(value);

interface ReportOptions extends GlobalOptions {
  readonly city: string;
  readonly wave?: string;
  readonly instrument?: string;
  readonly peers: string;
  readonly lang: string;
  readonly segment?: string;
  readonly format: string;
  readonly out: string;
}

export function registerReport(program: Command): void {
  addGlobalOptions(
    program
      .command('report')
      .description("a city's gap report against its peers, as PDF, XLSX, CSV or HTML")
      .requiredOption('--city <name>', 'the focus city (name, alias or slug)')
      .requiredOption('--wave <year>', 'the survey wave')
      .option('--instrument <id>', 'the instrument (needed only when the wave holds several)')
      .option('--peers <group>', 'largest:N, country:XX, all, or a list "Berlin,Paris,Wien"', DEFAULT_PEERS)
      .option('--lang <lang>', 'language of the report: en or nl', 'en')
      .option('--segment <column:value>', 'only respondents of one segment, e.g. role:it')
      .requiredOption('--format <format>', FORMATS.join(', '))
      .requiredOption('--out <file>', 'where to write the report'),
  ).action(async (options: ReportOptions) => {
    const format = options.format.toLowerCase();
    if (!isFormat(format))
      throw new DomainError('format-invalid', `--format "${options.format}" is not one of ${FORMATS.join(', ')}.`);
    if (options.lang !== 'en' && options.lang !== 'nl')
      throw new DomainError('lang-invalid', `--lang "${options.lang}" is not en or nl.`);
    const lang = options.lang;
    const wave = parseWaveOption(options.wave, true)!;
    const peers = parsePeers(options.peers);
    const started = performance.now();
    const { loadGapReport } = await import('../../reports/load-gap-report.js');
    const { renderReport } = await import('../../reports/render-report.js');
    const { report, bytes } = await withStore(options, async (store) => {
      const report = await loadGapReport(store.db, {
        city: options.city,
        wave,
        instrument: options.instrument,
        peers,
        lang,
        ...(options.segment !== undefined ? { segment: options.segment } : {}),
      });
      return { report, bytes: await renderReport(report, format) };
    });
    try {
      await writeFile(options.out, bytes);
    } catch (error) {
      throw new DomainError(
        'out-unwritable',
        `Cannot write ${options.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      );
    }
    const summary = {
      file: options.out,
      format,
      bytes: bytes.length,
      city: report.city.name,
      wave: report.wave,
      peers: report.peers,
      synthetic: report.synthetic,
      ms: Math.round(performance.now() - started),
    };
    if (options.json) return printJson(summary);
    process.stdout.write(
      `Wrote ${summary.file} (${format.toUpperCase()}, ${summary.bytes} bytes): ${summary.city}, wave ${summary.wave}, peers ${report.peerGroup}` +
        `${summary.synthetic ? ' (SYNTHETIC demo data)' : ''}, in ${summary.ms} ms.\n`,
    );
  });
}
