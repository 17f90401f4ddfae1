// How article text and customer questions become search terms: accent-free lower-case words, stop
// words of the six languages customers write in dropped, then the Porter stemmer memory search uses,
// so "invoices", "invoiced" and "Invoice" meet. Questions in other languages reach English articles
// through the foreign words in the articles' tags and, for the words no article holds, through the
// term map and compound splitting on the question side only (foreign-words.ts, from question-terms.ts).
// Mapping foreign words to English on both sides (`translate`, articles' tags included) is measured
// but off: on the 158 eval questions it moved correct @1 by −0.016 (ranking) and +0.008 (answered),
// and "none" recognised by −0.03.
import { porterStem } from '../memory/stemmer.js';
import { englishFor } from './term-map.js';
import { boundedMemo } from '../bounded-memo.js';
import { EMAIL_ADDRESSES } from '../email-address.js';

/** Stop words of English (with the words that name the help center itself: "where are the docs for
 * setting up webhooks" asks about webhooks, not Google Docs), then of the five other languages customers write in. */
const englishStopWords = words(`a about above after again all am an and any are as at be because been before being below between both but by can
  could did do does doing down during each few for from further had has have having he her here hers him his how i if
  in into is it its itself just me more most my myself no nor not now of off on once only or other our out over own
  same she should so some such than that the their them then there these they this those through to too under until
  up very was we were what when where which while who whom why will with would you your yours don dont im ive cant
  cannot hi hey hello please thanks thank yes also really get got need want way anyone someone somebody something
  wanna gonna gotta kindly assist assistance good morning afternoon evening
  whats didnt doesnt isnt wasnt arent wont couldnt shouldnt wouldnt youve weve theyre etc eg ie via ago lol
  didn doesn isn wasn aren weren hasn haven hadn couldn shouldn wouldn hasnt havent hadnt werent
  pls plz thx ok okay still already even ever anything everything us guys folks sure maybe actually basically
  currently right today yesterday tomorrow week weeks month months day days stuff thing things screenshot
  screenshots asap urgent quick quickly question questions help docs doc documentation guide guides article
  articles tutorial tutorials instructions`);
/** The filler of a request ("i was thinking about…", "just wondering", "ich glaube…", "je crois"): words that
 * say how the customer feels about asking, never what about, and that no help center's articles hold. */
const fillerWords = words(`think thinking wondering wonder wondered trying going looking guess
  glaube glaub tun crois pense creo pienso acho denk denke`);
/** Words that say what the customer does with anything ("could I see it", "a quick look at my invoice", "check when
 * my parcel arrives", "show me the share price") or name the product as a whole ("the app"): a help center's
 * article holding one of them in its title or tags ("who can see", "charges that look doubled", "connect
 * other apps") is not about it, and matched on it alone it answered public customer messages it does not
 * answer (scripts/customer-sample.ts). */
const genericWords = words(`see sees seeing saw look looks looked check checking checked show shows showing give giving
  gave app apps`);
const otherStopWords = words(`ich mein meine meinen meiner wir unser unsere uns euch ihr ihre sie es man wie kann konnen muss mussen der die das
  den dem des ein eine einen einem und oder ist sind nicht mit fur auf im zu von bei aus wo was warum wann habe hat
  haben bitte noch schon auch nur sehr gibt dass hallo ja jetzt soll sollte wurde wurden werden wird
  je mon ma mes nous notre nos vous il elle on leur leurs sa son ses comment puis peux pouvez le la les un une des du
  et ou est sont pas avec pour sur dans au aux que qui quoi pourquoi quand ai avons faire fait svp merci ce cette ne
  bonjour salut oui suis quel quelle quels quelles aussi tres
  yo mi mis nosotros nuestro nuestra nuestros como puedo puede podemos el los las una unos unas y es son no con para
  por en del al que cual donde cuando tengo hacer hago gracias lo se hola si esta este esto estos estas ese esa otro
  otra otros otras tambien muy hay
  eu meu minha meus minhas nos nosso nossa nossos posso pode os um uma e sao nao com em no na do da dos das ao onde
  quando tenho fazer faco obrigado ola oi sim isso tambem muito tem ha voce voces consigo
  ik mijn wij we ons onze hoe kan kunnen het een en of is zijn niet met voor op naar van bij uit waar wat waarom
  wanneer heb hebben heeft doe doen graag bedankt er hoi jullie jij je u zij dit dat deze die welke welk ook heel erg
  aan om te`);
/** "I would like to", "I'd like": after these, "like" is the asking verb "want" (a stop word), not "like
 * the slack one" or "looks like", which say what a thing is or resembles. ("i'd" splits into "i" and "d".) */
const wishing = new Set(['would', 'd', 'wd', 'should']);
const stopWords = new Set([...englishStopWords, ...fillerWords, ...genericWords, ...otherStopWords]);
/** Stop words only the other languages use: two of them in a question say it is not in English. */
const foreignOnlyStopWords = new Set([...otherStopWords].filter((w) => !englishStopWords.has(w)));

export interface AnalyzerOptions {
  /** Map foreign words to English (term-map.ts). Off by default; `eval --with translate` measures it. */
  translate?: boolean;
  /** In a question not in English, look up the words the help center does not know in the term map and
   * split compounds (foreign-words.ts). On by default; `eval --without foreign-words` measures it. */
  foreignWords?: boolean;
}

function words(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

/** True when the text holds at least two stop words of the other languages that English lacks
 * ("wie", "comment", "como"): its words unknown to an English help center are then foreign words,
 * not things the help center never mentions. */
export function looksForeign(text: string): boolean {
  let n = 0;
  for (const w of wordsOf(text)) if (foreignOnlyStopWords.has(w) && ++n >= 2) return true;
  return false;
}

// Codes and numbers (429, 2fa, inv-2026) stay as written.
const stem = boundedMemo((word) => (/\d/.test(word) ? word : porterStem(word)), 100_000);

export function wordsOf(text: string): string[] {
  return text
    // An email address a customer pastes is the word "email" to the help center, not its pieces ("gmail", "com").
    .replace(EMAIL_ADDRESSES, ' email ')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The words of a text that become terms (stop words dropped), each with its term. */
export function keptWords(text: string): { word: string; term: string }[] {
  const kept: { word: string; term: string }[] = [];
  let previous = '';
  for (const word of wordsOf(text)) {
    const after = previous;
    previous = word;
    if (stopWords.has(word) || (word.length < 2 && !/\d/.test(word))) continue;
    if (word === 'like' && wishing.has(after)) continue;
    kept.push({ word, term: stem(word) });
  }
  return kept;
}

/**
 * Which terms this analyzer gives a text: raised whenever a change here (stop words, stemming, what counts as a
 * word) changes the terms of any text, so an index that stores terms (PostgreSQL's kb_articles) re-indexes its
 * articles instead of keeping the old terms until each article's text changes. test/knowledge/terms-version.test.ts
 * fails when the terms change and this does not.
 */
export const KNOWLEDGE_TERMS_VERSION = 1;

/** The term of one accent-free lower-case word (as wordsOf gives it). */
export const termOf = (word: string): string => stem(word);

/** The terms of a text, in order, with repeats (their counts are term frequencies). */
export function termsOf(text: string, opts: AnalyzerOptions = {}): string[] {
  const translate = opts.translate ?? false;
  const terms: string[] = [];
  for (const { word, term } of keptWords(text)) {
    const english = translate ? englishFor(word) : undefined;
    if (english) for (const w of english.split(' ')) terms.push(stem(w));
    else terms.push(term);
  }
  return terms;
}

export function countTerms(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
