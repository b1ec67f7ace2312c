import { fillIn } from '../domain/figure-labels.js';

/**
 * Dutch wording of the errors a page can show, by code. The English message
 * (kept by the API and the CLI) is written where the error is raised; its
 * quoted texts fill {q0}, {q1}… here (a city name, a peer spec: data).
 */
const NL: Readonly<Record<string, string>> = {
  'page-not-found': 'Hier staat geen pagina.',
  'city-not-found': 'Er is geen stad "{q0}".',
  'city-not-in-wave': 'Deze stad heeft geen data in deze editie.',
  'city-not-in-segment': 'Deze stad heeft geen respondenten in dit segment.',
  'wave-not-found': 'Deze editie heeft geen data.',
  'wave-invalid': 'De editie moet een jaar zijn, bv. 2026.',
  'no-data': 'Er is nog geen bevragingsdata: importeer eerst een bestand.',
  'query-invalid': 'De adresbalk bevat een ongeldige waarde.',
  'peers-invalid':
    'De vergelijkingsgroep "{q0}" kan niet gelezen worden: gebruik bv. largest:5, country:BE, all of een lijst steden.',
  'peer-not-found': 'De vergelijkingsstad "{q0}" is niet gekend.',
  'peer-group-not-found': 'Er is geen bewaarde vergelijkingsgroep "{q0}".',
  'segment-invalid': 'Het segment "{q0}" bestaat niet in deze vragenlijst.',
  'instrument-not-found': 'Er is geen vragenlijst "{q0}".',
  'instrument-ambiguous': 'Deze editie heeft meerdere vragenlijsten: kies er één.',
  'import-not-found': 'Er is geen import met dit nummer.',
  'import-undone': 'Deze import werd al ongedaan gemaakt.',
  'upload-not-found': 'Dit voorbeeld is verlopen: laad het bestand opnieuw op.',
  'dimension-not-found': 'Er is geen dimensie "{q0}".',
  'raise-invalid': 'Een verhoging moet een score van 0 tot 100 zijn.',
  'target-invalid': 'Een doel moet een score van 0 tot 100 zijn.',
  'form-invalid': 'Het formulier bevat een ongeldige waarde.',
  'user-not-found': 'Er is geen gebruiker "{q0}".',
  'user-exists': 'Er is al een gebruiker met deze naam.',
  'user-disabled': 'Deze gebruiker is uitgeschakeld.',
  'user-name-invalid': 'Een gebruikersnaam heeft 2 tot 64 letters, cijfers of . _ @ -.',
  'cannot-disable-self': 'Je kan je eigen account niet uitschakelen.',
  'token-not-found': 'Er is geen API-token met dit nummer.',
  'sign-in-required': 'Meld je eerst aan.',
  forbidden: 'Je rol geeft geen toegang tot deze pagina.',
  'csrf-invalid': 'Dit formulier is verlopen: laad de pagina opnieuw en probeer nog eens.',
  'password-change-required': 'Kies eerst je eigen wachtwoord.',
  'password-weak': 'Dit wachtwoord is te zwak: kies minstens 12 tekens, liefst een zin.',
  'password-too-long': 'Dit wachtwoord is te lang.',
  'password-mismatch': 'De twee nieuwe wachtwoorden verschillen.',
  'password-missing': 'Vul elk wachtwoordveld in.',
  'password-common': 'Dit wachtwoord is te bekend: kies een ander.',
  'password-current-wrong': 'Het huidige wachtwoord klopt niet.',
  'password-unchanged': 'Het nieuwe wachtwoord is hetzelfde als het huidige.',
  'password-throttled': 'Te veel mislukte pogingen: wacht 15 minuten en probeer opnieuw.',
  'server-busy': 'De server is even te druk: probeer het zo meteen opnieuw.',
  'internal-error': 'Er ging bij ons iets mis. De fout werd gelogd; probeer het opnieuw.',
  'bad-request': 'De aanvraag kon niet gelezen worden.',
  'entity.too.large': 'Het bestand is te groot.',
};

/**
 * The message of an error page in Dutch; a code without Dutch wording gets a
 * general sentence (its code is shown on the page too).
 * @example errorMessageNl('city-not-found', 'No city called "x".') // => 'Er is geen stad "x".'
 */
export function errorMessageNl(code: string, message: string): string {
  const template = NL[code] ?? 'De aanvraag kon niet verwerkt worden.';
  const params: Record<string, string> = {};
  [...message.matchAll(/"([^"]*)"/g)].forEach((m, i) => (params[`q${i}`] = m[1]!));
  return fillIn(template, params);
}
