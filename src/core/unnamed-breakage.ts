// "That's not working", "hello this is not right", "it's broken again": something is wrong, but what is not said. No
// product area, no error, nothing about production or other people: an engineer sent it as an outage would have to
// ask what it is about, so the customer is asked (the details question). Every word of such a message is a greeting,
// a pointer ("this", "it"), a word for wrong or broken, or glue; one word more ("the dashboard", "my export",
// "Zapier") names the thing, and the message is read as what it is. In each language memdesk answers in: "Das
// funktioniert nicht" (outage 0.89) and "Het werkt niet" (outage 0.38) went to engineering at high when only English
// was asked.
import type { SupportedLanguage } from './reading.js';

const words = (list: string) => new Set(list.split(' '));
const subjectless: Record<SupportedLanguage, Set<string>> = {
  en: words(
    'hi hello hey hiya there team folks guys support good morning afternoon evening ' +
      "it its it's this that that's these those thing things something stuff everything anything this's " +
      "is isn't are aren't was wasn't were weren't be been being am do does doesn't don't did didn't has have hasn't haven't " +
      'not no never still again anymore any more at all just really seems seem seemed looks look looked to me ' +
      'work works working worked right wrong broken off weird odd strange fine ok okay correct ' +
      "why what whats what's happening happened going on here now please help urgent so very quite totally " +
      'a an the and or but um uh hmm oh yes yeah well',
  ),
  de: words(
    'hallo hi hey moin servus guten morgen tag abend team support leute ' +
      'es das dies dieses diese der die den dem etwas alles irgendwas sache ding ' +
      'ist sind war waren wird hat haben geht ging funktioniert funktionieren funktionierte klappt klappte läuft lief ' +
      'nicht nichts kein keine mehr immer noch wieder schon gar überhaupt irgendwie richtig falsch kaputt seltsam komisch ' +
      'ok okay warum was los passiert hier jetzt gerade bitte hilfe dringend sehr total so und oder aber äh hm oh ja also mal mir uns bei',
  ),
  fr: words(
    'bonjour salut hello coucou bonsoir équipe support ' +
      "ça ca cela ce c'est c'était ceci il elle truc chose quelque tout ne n' n'est n'a n'y qu'est " +
      "est sont était marche marchent fonctionne fonctionnent va pas plus jamais toujours encore rien du tout " +
      "bon correct normal cassé bizarre étrange ok d'accord pourquoi quoi qu'est-ce qui se passe ici maintenant " +
      "s'il vous plaît svp aide urgent très vraiment et ou mais euh ah oh oui me semble",
  ),
  es: words(
    'hola buenos buenas días tardes noches equipo soporte ' +
      'esto eso esta este está están es son era algo todo nada cosa ' +
      'no ya funciona funcionan funcionaba sigue sin otra vez todavía más nunca bien mal roto rota raro extraño correcto ' +
      'ok vale por qué que qué pasa pasando aquí ahora favor ayuda urgente muy y o pero eh ah oh sí me parece de nuevo',
  ),
  pt: words(
    'olá ola oi bom dia boa tarde noite equipe equipa suporte ' +
      'isso isto está estão é são era algo tudo nada coisa ' +
      'não nao já funciona funcionam funcionando continua ainda de novo mais nunca certo errado quebrado estranho esquisito ' +
      'ok por que porque quê o que acontecendo aqui agora favor ajuda urgente muito e ou mas ah oh sim me parece',
  ),
  nl: words(
    'hallo hoi hey goedemorgen goedemiddag goedenavond team support ' +
      'het dit dat deze die iets alles ding ' +
      'is zijn was waren werkt werken werkte doet deed klopt niet geen meer nog steeds weer alweer ' +
      'goed fout kapot raar vreemd oké oke ok waarom wat er aan de hand gebeurt hier nu nou graag alsjeblieft alstublieft help hulp dringend ' +
      'heel echt zo en of maar eh hm oh ja toch me mij',
  ),
};

/** The customer says something is wrong and names nothing it is wrong with, in `language` (other languages: never). */
export function namesNoSubject(message: string, language: string): boolean {
  const known = subjectless[language as SupportedLanguage];
  if (!known) return false;
  const found = message.toLowerCase().replace(/[’]/g, "'").match(/[\p{L}']+/gu) ?? [];
  return found.length > 0 && found.every((w) => known.has(w));
}
