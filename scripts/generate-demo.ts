// Writes the SYNTHETIC demo survey files to fixtures/demo/, to try the import
// path by hand (`npx maturity import fixtures/demo/…csv`). `maturity demo`
// generates the same files in memory; the seed makes them identical.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemo } from '../src/demo/generate-demo.js';
import { parseInstrument } from '../src/domain/instrument-schema.js';
import { paths, PROJECT_ROOT } from '../src/paths.js';
import { readCityRegistry } from '../src/services/reference-data.js';

const instrument = parseInstrument(JSON.parse(readFileSync(paths.defaultInstrument, 'utf8')));
const dir = join(PROJECT_ROOT, 'fixtures', 'demo');
mkdirSync(dir, { recursive: true });
for (const file of generateDemo(instrument, readCityRegistry())) {
  writeFileSync(join(dir, file.fileName), file.csv);
  console.log(`wrote fixtures/demo/${file.fileName}`);
}
