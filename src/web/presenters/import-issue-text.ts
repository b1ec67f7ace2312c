import { fillIn } from '../../domain/figure-labels.js';
import type { ImportIssue } from '../../import/import-issue.js';
import type { Lang } from '../i18n.js';

/**
 * Dutch wording of each import issue code. The importer writes its messages in
 * English (the CLI, the API and the stored warnings keep them, stable); the
 * pages put them in Dutch from the issue's own fields: {row}, {column},
 * {value}, {names}, and the quoted texts {q0}, {q1}… and numbers {n0}, {n1}…
 * of the English message, in order (file names, counts, ids: data, not words).
 */
const NL: Readonly<Record<string, string>> = {
  'answer-invalid': '"{value}" is geen geldig antwoord op deze vraag; bewaard als geen antwoord.',
  'city-accent-variant':
    '"{q0}" verschilt enkel in accenten van de bekende stad "{q1}"; ze werd als aparte stad bewaard. Verbeter het bestand als het om dezelfde stad gaat.',
  'city-new':
    '"{q0}" staat niet in het stedenregister; ze werd toegevoegd zonder inwonertal, en zit dus nooit in een vergelijkingsgroep largest:N.',
  'city-given-twice':
    'Het bestand heeft een stadskolom ("{q0}") en de import kreeg ook een stad: gebruik één van beide.',
  'country-given-twice':
    'Het bestand heeft een landkolom ("{q0}") en de import kreeg ook een land: gebruik één van beide.',
  'wave-given-twice':
    'Het bestand heeft een editiekolom ("{q0}") en de import kreeg ook een editie: gebruik één van beide.',
  'column-unmatched-answers':
    '{n0} van {n1} antwoorden zijn geen antwoorden op deze vraag: {names}. Voeg de ontbrekende antwoordlabels toe aan de vragenlijst, of verbeter het bestand.',
  'country-invalid':
    '"{value}" is geen land: schrijf de ISO-code (BE, BEL) of de naam in het Nederlands, Engels, Frans of Duits (België, Belgium, Belgique, Belgien).',
  'duplicate-column': 'Kolom "{column}" komt twee keer voor; verwijder er één.',
  'duplicate-file':
    'Dit bestand werd al geïmporteerd (import #{n0}); maak die import eerst ongedaan om het opnieuw te laden.',
  'duplicate-respondent': 'Respondent-id "{value}" werd al eerder in het bestand gebruikt.',
  'encoding-windows-1252':
    'Het bestand is geen geldige UTF-8; het werd gelezen als Windows-1252 (West-Europees). Controleer namen met accenten; bewaar als CSV UTF-8 om dit te vermijden.',
  'file-empty': 'Het bestand is leeg: het heeft geen kopregel.',
  'file-no-rows': 'Het bestand heeft een kopregel maar geen rijen met antwoorden.',
  'header-repeated':
    'Deze rij herhaalt de kopregel: werden twee exports aan elkaar geplakt? Verwijder de tweede kopregel.',
  'header-row-skipped': 'Deze rij bevat de teksten van de vragen, geen antwoorden: gelezen als kopregel.',
  'ids-from-rows':
    'Het bestand heeft geen kolom met respondent-id: elke respondent krijgt zijn rijnummer als naam. Een tweede upload van hetzelfde bestand wordt toch herkend.',
  'import-refused': 'Het bestand werd geweigerd.',
  'long-duplicate-answer': 'Respondent "{q0}" beantwoordde deze vraag al eerder in het bestand.',
  'long-inconsistent': '"{value}" verschilt van wat een eerdere rij voor dezelfde respondent zegt.',
  'missing-column':
    'De vereiste kolom "{column}" ontbreekt; voeg ze toe aan de kopregel (of geef de waarde mee bij de import).',
  'more-issues': '… en nog {n0} zulke meldingen (enkel de eerste {n1} staan in de lijst).',
  'respondent-exists': 'Respondent "{value}" is al opgeslagen voor deze editie (import #{n1}).',
  'responses-test':
    '{n0} test- of voorbeeldantwoorden zitten erbij (kolom "{column}"); verwijder ze in de bevragingstool als ze niet mogen meetellen.',
  'responses-unfinished':
    '{n0} onvolledige antwoorden werden weggelaten (kolom "{column}"); vink "Onvolledige antwoorden behouden" aan om ze te houden.',
  'row-ragged':
    'Deze rij heeft {n1} velden waar de kopregel er {n2} heeft; zoek een verdwaald scheidingsteken of een ontbrekend aanhalingsteken.',
  'text-control-character': 'Deze cel bevat een onzichtbaar teken; verwijder het.',
  'too-many-invalid':
    '{n0} van {n1} antwoordcellen zijn ongeldig, meer dan 20 %: is dit de juiste vragenlijst, of een export van labels in een andere taal?',
  'unknown-columns': '{names}: onbekende kolommen, genegeerd (niet opgeslagen).',
  'unknown-questions': '{names}: onbekende vraagcodes, hun rijen genegeerd (niet opgeslagen).',
  'value-missing': 'Deze cel is leeg, maar moet ingevuld zijn.',
  'wave-invalid': '"{value}" is geen geldig jaar van een editie.',
  'wave-mismatch': 'De rij zegt editie {value}, maar de import is voor een andere editie.',
  'wave-missing': 'De editie is leeg; vul ze in of geef de editie mee bij de import.',
  'weight-invalid': '"{value}" is geen positief getal.',
};

/** The English message without its "Row 7, SOV01: " prefix (its numbers would be taken for counts). */
const withoutPlace = (message: string) => message.replace(/^(Row \d+, [^:]+: |Row \d+: |Column [^:]+: )/, '');

/**
 * An issue's message in the page's language. Dutch comes from the table above,
 * without the row and column (the issue table shows them in their own cells);
 * a code without a Dutch wording keeps the English message.
 * @example issueMessage({ severity: 'warning', code: 'answer-invalid', row: 7, column: 'SOV01', value: '6', message: '…' }, 'nl')
 *   // => '"6" is geen geldig antwoord op deze vraag; bewaard als geen antwoord.'
 */
export function issueMessage(issue: ImportIssue, lang: Lang): string {
  const template = lang === 'nl' ? NL[issue.code] : undefined;
  if (template === undefined) return issue.message;
  const rest = withoutPlace(issue.message);
  const params: Record<string, string> = {
    row: String(issue.row ?? ''),
    column: issue.column ?? '',
    value: issue.value ?? '',
    names: (issue.names ?? []).slice(0, 5).join(', ') + ((issue.names?.length ?? 0) > 5 ? ' …' : ''),
  };
  [...rest.matchAll(/"([^"]*)"/g)].forEach((m, i) => (params[`q${i}`] = m[1]!));
  (rest.replace(/"[^"]*"/g, '').match(/\d+(?:\.\d+)?/g) ?? []).forEach((n, i) => (params[`n${i}`] = n));
  return fillIn(template, params);
}

/** The codes with a Dutch wording (for tests that check the catalogue is covered). */
export const DUTCH_ISSUE_CODES: readonly string[] = Object.keys(NL);
