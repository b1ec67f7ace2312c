import { basename } from 'node:path';
import type { Command } from 'commander';
import { DomainError } from '../../domain/domain-error.js';
import { fileSource } from '../../import/read/byte-source.js';
import { compiledWorkerUrl } from '../../import/store/import-sidecar.js';
import { parseCityOption, parseCountryOption } from '../../import/validate/country-code.js';
import { parseCityMap } from '../../import/validate/city-map.js';
import { importSurvey, type ImportProgress, type ImportSummary } from '../../import/import-survey.js';
import type { ImportIssue } from '../../import/import-issue.js';
import { ensureReferenceData } from '../../services/reference-data.js';
import { cliActor } from '../cli-actor.js';
import { stderrProgress } from '../progress-bar.js';
import { addGlobalOptions, parseWaveOption, printJson, withStore, type GlobalOptions } from '../cli-context.js';

interface ImportOptions extends GlobalOptions {
  readonly wave?: string;
  readonly instrument?: string;
  readonly dryRun?: boolean;
  readonly city?: string;
  readonly country?: string;
  readonly includeIncomplete?: boolean;
  readonly sheet?: string;
  readonly mapCity?: string[];
}

export function registerImport(program: Command): void {
  addGlobalOptions(
    program
      .command('import <file>')
      .description(
        'import a survey file (CSV/TSV in UTF-8, UTF-16 or Windows-1252, or a .xlsx/.xls/.ods workbook; wide or long): all of it, or nothing when it has errors',
      )
      .option('--wave <year>', 'the survey wave, when the file has no wave column')
      .option('--city <name>', 'the city of every row, when the file has no city column')
      .option(
        '--country <code or name>',
        'the country of every row (BE, BEL, Belgium, België, …), when the file has no country column',
      )
      .option('--include-incomplete', 'keep responses the file marks unfinished (left out by default)')
      .option('--sheet <name>', 'the sheet of a workbook to read (default: the first)')
      .option(
        '--map-city <name=city>',
        'take a city name of the file as a known city, e.g. "Gnt=Gent" (repeat for several); recorded with the import',
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option('--instrument <id>', 'the instrument of the file (default: the only one stored)')
      .option('--dry-run', 'check the file and report, store nothing'),
  ).action(async (file: string, options: ImportOptions) => {
    const city = options.city !== undefined ? parseCityOption(options.city) : undefined;
    const country = options.country !== undefined ? parseCountryOption(options.country) : undefined;
    const wave = parseWaveOption(options.wave, false);
    const cityMap = parseCityMap(options.mapCity ?? []);
    // Streamed: neither the file nor its rows are held in memory.
    const source = fileSource(file);
    const bar = stderrProgress();
    const onProgress = (p: ImportProgress) => bar?.(p);
    const summary = await withStore(options, async (store) => {
      await ensureReferenceData(store.db, new Date());
      return importSurvey(store, {
        source,
        fileName: basename(file),
        onProgress,
        ...(wave !== undefined ? { wave } : {}),
        ...(options.instrument ? { instrumentId: options.instrument } : {}),
        ...(city !== undefined ? { city } : {}),
        ...(country !== undefined ? { country } : {}),
        ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
        ...(cityMap.length > 0 ? { cityMap } : {}),
        includeIncomplete: options.includeIncomplete ?? false,
        dryRun: options.dryRun ?? false,
        // The compression of the original and the aggregates on a second thread (the second core).
        worker: compiledWorkerUrl(),
        // A rollback journal and no foreign-key checks when no other process has the database open (withBulkWrites).
        bulk: true,
        createdBy: cliActor(),
        audit: { actor: cliActor() },
        now: new Date(),
      });
    });
    if (options.json) printJson(summary);
    else printSummary(summary);
    if (summary.errors.length > 0) {
      const first = summary.errors[0]!;
      throw new DomainError(
        'import-refused',
        `rejected ${summary.fileName} (${summary.errors.length} error${summary.errors.length > 1 ? 's' : ''}, nothing stored): ${first.message}`,
      );
    }
  });
}

const line = (i: ImportIssue) => `  ${i.severity === 'error' ? 'error' : 'warning'} [${i.code}] ${i.message}`;

function printSummary(s: ImportSummary): void {
  const out = process.stdout;
  if (s.errors.length > 0) {
    out.write(`Rejected ${s.fileName}: ${s.errors.length} error${s.errors.length > 1 ? 's' : ''}, nothing stored.\n`);
  } else if (s.dryRun) {
    out.write(
      `Dry run of ${s.fileName}: would store ${s.respondents} respondents and ${s.answers} answers (wave ${s.wave}); nothing stored.\n`,
    );
  } else {
    out.write(
      `Imported ${s.fileName} as import #${s.importId}: ${s.respondents} respondents, ${s.answers} answers, wave ${s.wave}.\n`,
    );
  }
  if (s.waves.length > 1)
    out.write(`  waves: ${s.waves.map((w) => `${w.wave} (${w.respondents} respondents)`).join(', ')}\n`);
  if (s.sheet) out.write(`  read sheet "${s.sheet.name}" of a ${s.sheet.type} workbook\n`);
  if (s.encoding)
    out.write(`  read as ${s.encoding}, delimiter "${s.delimiter}", ${s.format} layout, instrument ${s.instrument}\n`);
  if (s.invalidCells > 0)
    out.write(
      `  ${s.invalidCells} invalid answer cell${s.invalidCells > 1 ? 's' : ''} stored as no answer (listed below)\n`,
    );
  if (s.cities.matched.length + s.cities.added.length > 0) {
    out.write(
      `  cities: ${s.cities.matched.length} matched, ${s.cities.added.length} new${s.cities.added.length ? ` (${s.cities.added.join(', ')})` : ''}\n`,
    );
  }
  for (const m of s.cityMap) out.write(`  city "${m.from}" taken as ${m.to}\n`);
  for (const c of s.perCity)
    out.write(
      `  ${c.city} (${c.wave}): ${c.before} -> ${c.after} respondents${c.newCity ? ' (new city)' : ''}${c.mappedFrom.length ? ` (includes ${c.mappedFrom.map((n) => `"${n}"`).join(', ')})` : ''}\n`,
    );
  for (const n of s.citySuggestions)
    out.write(
      `  did you mean ${n.suggestions.join(' or ')} for "${n.name}"? add --map-city "${n.name}=${n.suggestions[0]}"\n`,
    );
  for (const issue of [...s.errors, ...s.warnings]) out.write(`${line(issue)}\n`);
}
