/**
 * Dutch wording of the API description's summaries and parameter texts, for
 * the reference page (the OpenAPI document itself stays in English, like the
 * JSON names it describes). Keyed by the English text: a text added to the
 * description without a Dutch one shows in English, and the Dutch walk-through
 * test fails on it.
 */
export const API_TEXT_NL: Readonly<Record<string, string>> = {
  'Waves with data': 'Edities met data',
  'Known cities': 'Gekende steden',
  'Imports, newest first': 'Imports, nieuwste eerst',
  'Saved peer groups': 'Bewaarde vergelijkingsgroepen',
  'Scores of every city of a wave, with trends': 'Scores van elke stad in een editie, met evolutie',
  'The same gaps across cities': 'Dezelfde kloven in alle steden',
  "A city's gaps, verdict, priorities and next steps": 'Kloven, oordeel, prioriteiten en volgende stappen van een stad',
  "A city's own targets per dimension and wave": 'De eigen doelen van een stad per dimensie en editie',
  'Set (value null: remove) one target; analysts only; audited':
    'Eén doel instellen (waarde null: verwijderen); enkel analisten; in de auditlog',
  'Index, level, rank and gaps if some dimensions were raised':
    'Index, niveau, rang en kloven als sommige dimensies hoger scoorden',
  'Survey wave (year), e.g. 2026': 'Editie van de bevraging (jaar), bv. 2026',
  'Instrument id; needed only when the wave holds several':
    'Id van de vragenlijst; enkel nodig als de editie er meerdere heeft',
  'Only this city': 'Enkel deze stad',
  'Peer group: largest:N, country:XX, all, group:<name> or a list "Berlin,Paris,Wien" (default largest:5)':
    'Vergelijkingsgroep: largest:N, country:XX, group:<naam>, alle steden (peers=all) of een lijst "Berlin,Paris,Wien" (standaard largest:5)',
  'Language of texts such as the verdict and next steps (default en)':
    'Taal van teksten zoals het oordeel en de volgende stappen (standaard en)',
  'City slug, e.g. gent': 'Korte naam van de stad in de URL, bv. gent',
  'dimension:score pairs, e.g. sovereignty:70,impact:55 (the start of a key works: SOV:70)':
    'paren dimensie:score, bv. sovereignty:70,impact:55 (het begin van een sleutel volstaat: SOV:70)',
  'Import a survey file: all of it, or nothing when it has errors; analysts only; audited':
    'Een bestand met antwoorden importeren: alles, of niets als het fouten heeft; enkel analisten; in de auditlog',
  'Undo an import: its respondents are removed, its record and file kept; analysts only; audited':
    'Een import ongedaan maken: de respondenten verdwijnen, het verslag en het bestand blijven; enkel analisten; in de auditlog',
  'The survey export: CSV/TSV (UTF-8, UTF-16, Windows-1252) or .xlsx/.xls/.ods':
    'De export van de bevraging: CSV/TSV (UTF-8, UTF-16, Windows-1252) of .xlsx/.xls/.ods',
  'Wave (year) for a file without a wave column': 'Editie (jaar) voor een bestand zonder kolom met de editie',
  'Instrument id (default: the only one stored)': 'Id van de vragenlijst (standaard: de enige bewaarde)',
  'City of every row, for a file without a city column': 'Stad van elke rij, voor een bestand zonder kolom met de stad',
  'Country (ISO code or name) of every row, for a file without a country column':
    'Land (ISO-code of naam) van elke rij, voor een bestand zonder kolom met het land',
  'Sheet of a workbook (default: the first)': 'Werkblad van een rekenmap (standaard: het eerste)',
  'true: keep unfinished responses': 'true: onafgewerkte antwoorden behouden',
  'Name in the file=known city, e.g. Gnt=Gent; repeat the field for more':
    'Naam in het bestand=gekende stad, bv. Gnt=Gent; herhaal het veld voor meer',
  'true: check the file and report, store nothing': 'true: het bestand nakijken en verslag geven, niets bewaren',
  'Import id': 'Id van de import',
  'Dimension key, or the start of its key or label': 'Sleutel van de dimensie, of het begin van de sleutel of de naam',
  'Target score 0–100; null removes the target': 'Doelscore 0–100; null verwijdert het doel',
  form: 'formulier',
  body: 'inhoud (JSON)',
  query: 'querystring',
  path: 'pad',
};
