// A message of no known type that still says what the customer wants done: a complaint to make ("how can I make a
// complaint against your company?") or something they ask us to do ("I need you to approve my claim"). What it is about
// is said; "could you tell me a bit more about what you need help with?" would ask for what it already says, so a
// person takes it as it is. In each language memdesk answers in: "Ich möchte eine Beschwerde einreichen", "Je voudrais
// déposer une réclamation", "Quiero presentar una queja", "Quero fazer uma reclamação", "Ik wil een klacht indienen"
// were each asked to say more when only English was read. In English "a reclamation" and "a claim" are complaints made
// too ("want assistance to make a reclamation against your company", bitext, was asked to say more).
import type { SupportedLanguage } from './reading.js';

const statedRequest: Record<SupportedLanguage, RegExp[]> = {
  en: [
    // a complaint, grievance or formal objection of theirs
    /\b(?:make|file|lodge|submit|raise|send|register|open|report)\s+(?:a\s+|an\s+|my\s+|our\s+)?(?:formal\s+|consumer\s+|official\s+)?(?:complaint|grievance|reclamation|claim)s?\b|\b(?:i|we)\s+(?:want|would like|need|wish)\s+to\s+complain\b|\bi['’]d like to complain\b/i,
    // taking them off a list: "I'm trying to unsubscribe to ur corporate newsletter" (bitext, read other 1.0, was asked to say more)
    /\bunsubscribe\b|\b(?:remove|take)\s+me\s+(?:off|from)\s+(?:your|the|this)\s+(?:mailing\s+list|newsletter|emails?)\b/i,
    // something asked of us: "I need you to approve my claim", "we want your team to reverse it"
    // a bare one: "approve my claim", "please expedite our order"
    /^\s*(?:please\s+)?(?:approve|process|reverse|expedite|reconsider|review|reopen|restore|reinstate|release|waive|honou?r|settle|resolve)\s+(?:my|our)\s+\p{L}+/iu,
    /\b(?:i|we)\s+(?:need|want|would like|expect)\s+(?:you|your team|your company|someone|somebody)\s+to\s+(?!know\b|help\b|tell\b|explain\b)\p{L}+\s+(?:my|our|the|this|that|it)\b/iu,
    // something they have to do and name (qa7: "I have got to subscribe to the newsletter, I need help", "i need to
    // find a insurance agent near my house", "I need to apply for a secured loan for my business", each read other and
    // asked to say more), or do not know how to do ("i do not know what i have to do to send feedback"). Not a verb
    // that names nothing yet ("I need to know…", "I want to ask…"). Of 26,110 public English support texts (support-text,
    // BANKING77 train and test) these match 1,963; 367 of them read other, each naming what the customer wants
    // (FileClaim 57, ApplyLoan 47, GetQuote 45, ApplyCreditCard 29, complaint 18, review 18, newsletter 15, oos 15, …).
    /\b(?:i|we)\s+(?:really\s+|just\s+)?(?:need|want|would like|['’]d like|have got|must|wish)\s+to\s+(?!(?:know|ask|tell|say|understand|be|do|have|see|check|talk|speak|chat)\b)\p{L}{3,}\s+(?:(?:a|an|my|our|the|some|for|with|to|in)\s+)?\p{L}{3,}/iu,
    /\b(?:do ?n[o'’]?t|do not)\s+know\s+(?:how|what\s+(?:i|we)\s+(?:have|need)\s+to\s+do)\s+to\s+\p{L}{3,}/iu,
  ],
  de: [
    // "eine Beschwerde einreichen", "Beschwerde einlegen", "ich möchte mich beschweren"
    /(?<!\p{L})(?:beschwerde|reklamation)(?!\p{L})[^.?!\n]{0,30}?(?<!\p{L})(?:einreichen|einlegen|machen|erheben|aufgeben|melden)(?!\p{L})|(?<!\p{L})(?:möchte|will|muss|würde)\s+(?:mich|gerne|gern)\s+(?:\p{L}+\s+)?beschweren(?!\p{L})/iu,
    // "bitte genehmigen Sie meinen Antrag", "erstatten Sie unsere Zahlung"
    /^\s*(?:bitte\s+)?(?:genehmigen|bearbeiten|erstatten|stornieren|prüfen|überprüfen|beschleunigen|entsperren|reaktivieren)\s+sie\s+(?:bitte\s+)?(?:mein|meine|meinen|unser|unsere|unseren)(?!\p{L})/iu,
  ],
  fr: [
    // "déposer une réclamation", "faire une plainte", "je voudrais me plaindre"
    /(?<!\p{L})(?:déposer|faire|porter|adresser|formuler|envoyer)\s+(?:une\s+)?(?:réclamation|plainte)(?!\p{L})|(?<!\p{L})(?:veux|voudrais|souhaite|dois)\s+me\s+plaindre(?!\p{L})/iu,
    // "merci de traiter ma demande", "veuillez rembourser notre facture"
    /(?<!\p{L})(?:merci de|veuillez|pourriez-vous|pouvez-vous)\s+(?:approuver|valider|traiter|rembourser|annuler|rétablir|réactiver|débloquer|réexaminer|accélérer)\s+(?:ma|mon|mes|notre|nos)(?!\p{L})/iu,
  ],
  es: [
    // "presentar una queja", "poner una reclamación", "quiero quejarme"
    /(?<!\p{L})(?:presentar|poner|hacer|interponer|registrar|enviar)\s+(?:una\s+|un\s+)?(?:queja|reclamación|reclamacion|reclamo|denuncia)(?!\p{L})|(?<!\p{L})(?:quiero|quisiera|necesito|deseo)\s+quejarme(?!\p{L})/iu,
    // "por favor aprueben mi solicitud", "necesito que procesen mi reembolso"
    /(?<!\p{L})(?:por favor\s+|necesito que\s+|quiero que\s+)(?:aprueben?|procesen?|reembolsen?|cancelen?|restablezcan?|reactiven?|desbloqueen?|revisen?)\s+(?:mi|mis|nuestra|nuestro|nuestras|nuestros)(?!\p{L})/iu,
  ],
  pt: [
    // "fazer uma reclamação", "registrar uma queixa", "quero reclamar"
    /(?<!\p{L})(?:fazer|registrar|registar|apresentar|abrir|enviar)\s+(?:uma\s+)?(?:reclamação|reclamacao|queixa)(?!\p{L})|(?<!\p{L})(?:quero|gostaria de|preciso)\s+(?:de\s+)?(?:reclamar|me queixar|queixar-me)(?!\p{L})/iu,
    // "por favor aprovem o meu pedido", "preciso que processem meu reembolso"
    /(?<!\p{L})(?:por favor\s+|preciso que\s+|quero que\s+)(?:aprovem?|processem?|reembolsem?|cancelem?|restabeleçam?|reativem?|desbloqueiem?|revejam?)\s+(?:o\s+|a\s+|os\s+|as\s+)?(?:meu|minha|meus|minhas|nosso|nossa|nossos|nossas)(?!\p{L})/iu,
  ],
  nl: [
    // "een klacht indienen", "klacht melden", "ik wil klagen"
    /(?<!\p{L})klacht(?:en)?(?!\p{L})[^.?!\n]{0,30}?(?<!\p{L})(?:indienen|doen|melden|sturen|insturen)(?!\p{L})|(?<!\p{L})(?:een klacht|klacht)\s+(?:in|over)(?!\p{L})|(?<!\p{L})(?:wil|moet|zou)\s+(?:graag\s+)?klagen(?!\p{L})/iu,
    // "graag mijn aanvraag goedkeuren", "kunnen jullie onze terugbetaling verwerken"
    /(?<!\p{L})(?:graag|gelieve|kunnen jullie|kunt u)\s+(?:mijn|onze|ons)\s+\p{L}+\s+(?:goedkeuren|verwerken|terugstorten|annuleren|herstellen|deblokkeren|heropenen)(?!\p{L})/iu,
  ],
};

/** The message says what the customer wants done, in `language`: a complaint to make, or an action asked of us. */
export function statesRequest(message: string, language: string): boolean {
  return (statedRequest[language as SupportedLanguage] ?? []).some((pattern) => pattern.test(message));
}
