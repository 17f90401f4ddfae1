// Severity signals in the six languages memdesk answers in. Rules, not a model: the words that say
// "production is blocked" or "nobody can work" are few and stable, and a miss here costs an escalation.
import type { Reading } from '../core/reading.js';

const productionBlocked =
  /\b(?:production|prod|business|operations?|work)\b[^.!?\n]{0,40}\b(?:down|blocked|broken|stopped|halted|standstill|at a standstill)\b|\b(?:we(?:'re| are)|team is|everyone is|are all|is completely|completely)\s+blocked\b|\bblocker\b|\bblocking\s+(?:us|our|the team|everyone|production|the release)\b|\b(?:can'?t|cannot|can not|unable to)\s+(?:work|operate|ship|deploy|serve)\b|\b(?:is|are|went|completely|totally|all)\s+down\b|\bnothing\s+(?:works|loads|is working)\b|\bproduktion\s+steht|\bsteht\s+still|\bblockiert|\b(?:können|kann)\s+(?:nicht|niemand)\s+(?:mehr\s+)?arbeiten|\bgeht\s+nichts\s+mehr|\bbloqu[ée]e?s?\b|à l'arrêt|\bne (?:pouvons|peut|peuvent) (?:plus )?(?:pas )?travailler|\bplus rien ne (?:marche|fonctionne)|\bbloquead[oa]s?\b|\b(?:parad[oa]|caíd[oa])\b|\bno podemos trabajar|\bno funciona nada|\bproduç[ãa]o\s+(?:est[áa]\s+)?parad[oa]|\bfora do ar\b|\bn[ãa]o conseguimos trabalhar|\bnada funciona|\bgeblokkeerd|\bligt\s+(?:stil|plat)\b|\bkunnen\s+niet\s+(?:meer\s+)?werken|\bniets\s+werkt/i;

const manyUsers =
  /\b(?:nobody|no one|no-one|none of us|everyone|everybody|all of us|whole (?:team|company|org\w*|office)|entire (?:team|company|org\w*|office)|(?:all|multiple|several|many|most) (?:of )?(?:our |the |my )?(?:users|customers|employees|staff|agents|members|colleagues|team members|people|accounts)|\d{2,}\s+(?:users|customers|people|agents)|niemand|keiner\s+(?:von\s+uns|im\s+team|in\s+unserem\s+team|bei\s+uns)|(?:das )?(?:ganze|gesamte) team|alle (?:nutzer|benutzer|mitarbeiter|kunden|kollegen)|alle bei uns|personne (?:ne|n')|tout le monde|toute l'équipe|tous (?:les|nos) (?:utilisateurs|clients|employés|collègues)|aucun de nous|nadie|todo el (?:equipo|mundo)|todos (?:los|nuestros) (?:usuarios|clientes|empleados)|ninguno de nosotros|ningu[ée]m|toda a equip[ea]|todo (?:o )?mundo|todos os (?:usu[áa]rios|utilizadores|clientes|funcion[áa]rios)|nenhum de n[óo]s|iedereen|het hele team|alle (?:gebruikers|klanten|medewerkers|collega's)|geen van ons)\b/i;

const dataLoss =
  /\b(?:data loss|lost (?:all |our |my |the )?(?:data|files|records|work|documents|edits|history|messages|changes)|(?:data|files|records|documents|messages|history)\s+(?:is |are |has |have )?(?:been )?(?:gone|missing|lost|deleted|wiped|erased|disappeared|corrupted)|wiped out|datenverlust|daten\s+(?:sind\s+)?(?:weg|verloren|gelöscht)|perte de données|données\s+(?:perdues|supprimées|effacées|disparues)|pérdida de datos|datos\s+(?:perdidos|borrados|desaparecieron)|perda de dados|dados\s+(?:perdidos|apagados|sumiram)|dataverlies|gegevens\s+(?:zijn\s+)?(?:kwijt|verloren|verwijderd))\b/i;

const securityIncident =
  /\b(?:hack(?:ed|er|ers)?|compromised|breach(?:ed)?|leak(?:ed|s)?|stolen|phishing|unauthori[sz]ed|suspicious (?:login|log-in|sign-?in|activity|session)|taken over|take-?over|hijack\w*|exposed|malware|intrusion|wasn'?t me|fraud\w*|not (?:made|authori[sz]ed) by me|without (?:my )?(?:permission|consent|authori[sz]ation)|improperly used|(?:someone|somebody) (?:else |i don'?t know )?(?:is |has |had )?(?:been )?(?:using|used|accessing|accessed|logged into|logging into) (?:my|our)|(?:payment|charge|transaction|debit|withdrawal|purchase|transfer)s?\b[^.!?\n]{0,50}\b(?:(?:i|we)\s+(?:did ?n[o']?t|didn'?t|never)\s+(?:make|do|made|authori[sz]e)|(?:'s|is|are)\s*n[o']?t\s+(?:mine|ours)|(?:isn'?t|aren'?t)\s+(?:mine|ours)|(?:was ?n[o']?t|were ?n[o']?t|was not|were not|not)\s+(?:made\s+|done\s+|authori[sz]ed\s+)?by\s+(?:me|us))|(?:payment|transaction|withdrawal|transfer|direct debit)s?\b[^.!?\n]{0,50}\b(?:i|we)\s+(?:don'?t|do not|can'?t)\s+(?:recogni[sz]e|know)|(?:don'?t|do not|can'?t|cannot)\s+(?:recall|remember)\s+(?:making|doing|authori[sz]ing|buying)|(?:someone|somebody|my\s+(?:ex|x)\b[\w ]{0,12}?)\s+(?:has\s+)?made\s+(?:on|with|using)\s+my\s+(?:card|account)|(?:did ?n[o']?t|didn'?t|never)\s+(?:make|authori[sz]e)\s+(?:this|that|these|those|the|a|an)\s+(?:card\s+)?(?:payment|charge|transaction|debit|withdrawal|purchase)|gehackt|kompromittiert|datenleck|verdächtig\w*|unbefugt\w*|piraté\w*|fuite de données|compromis|suspect\w*|non autoris\w*|hacke(?:ado|aron)|filtraci[óo]n|comprometid\w*|sospechos\w*|no autorizad\w*|invadid\w*|hackead\w*|vazamento|suspeit\w*|n[ãa]o autorizad\w*|datalek|verdacht\w*|onbevoegd\w*|gecompromitteerd)\b/i;

/**
 * An HTTP status with its reason phrase ("401 Unauthorized", "HTTP/1.1 403 Forbidden"), as pasted from a
 * failing request: it says the request lacked valid credentials, not that anyone got in where they
 * should not. Read without it, "unauthorized" still flags a payment or access nobody allowed.
 */
const httpStatusPhrase = /\b(?:HTTP\/\d(?:\.\d)?\s+)?40[13]\s*[-:]?\s*(?:unauthori[sz]ed|forbidden)\b/gi;

/**
 * "Nobody answers my emails", "no one from support got back to me", "niemand antwortet": a complaint about
 * us, not many users hit by the problem. Read without it, "nobody can log in" still counts.
 */
const nobodyAnswers =
  /\b(?:nobody|no one|no-one|niemand|personne|nadie|ningu[ée]m)\s+(?:(?:from|at|in|of)\s+(?:your|the)\s+(?:team|support|company)\s+|(?:has|have|is|ever|will|seems to|bothers? to|even)\s+)*(?:ne\s+|n'|me\s+|mir\s+|uns\s+)?(?:answer|repl|respond|got back|gets back|get back|call|contact|reach|pick|read|antwort|r[ée]pon|contest|responde|reage|reageer|beantwoord)\w*/gi;

/**
 * A headcount that is a quantity billed ("billed for 50 users", "the invoice shows 25 users", "we only have 30
 * users", "a plan for 20 people"): it says how many were paid for, not how many are hit by a problem. Seats are
 * never counted as people hit ("20 seats" is a quantity bought). Read without it, "30 users can't log in" counts.
 */
const billedHeadcount =
  /\b(?:(?:bill(?:s|ed|ing)?|charg(?:es|ed|ing)|invoic(?:es|ed|ing)|paying|pay|paid|plan|licen[cs]es?|subscription|contract|deal|agreed)\s+(?:us\s+|me\s+)?(?:for\s+)?|(?:invoice|bill|statement)\s+(?:\w+\s+){0,2}?(?:shows?|says|lists?|has|is for)\s+|only\s+(?:have|has|need|use)\s+|(?:reduce|increase|go|went|up|down)\s+(?:\w+\s+)?(?:from|to)\s+)\d{2,}\s+(?:users|people|agents|members|employees)\b/gi;

export function readSeverity(text: string, likelySecurity: boolean): Reading['severity'] {
  return {
    production_blocked: productionBlocked.test(text),
    many_users: manyUsers.test(text.replace(nobodyAnswers, ' ').replace(billedHeadcount, ' ')),
    data_loss: dataLoss.test(text),
    security: likelySecurity || namesSecurityIncident(text),
  };
}

/** The message's own words name a security incident (a pasted "401 Unauthorized" does not). */
export function namesSecurityIncident(text: string): boolean {
  return securityIncident.test(text.replace(httpStatusPhrase, ' '));
}

/**
 * The message without the words that only say how bad it is (production blocked, many people hit,
 * data lost): what is left says what the request is about. Security words stay: they name an issue.
 */
export function withoutImpactWords(text: string): string {
  return [productionBlocked, manyUsers, dataLoss].reduce((rest, signal) => rest.replace(new RegExp(signal.source, 'gi'), ' '), text);
}
