// Whether a message already carries detail (symptoms, impact, times, steps), so the reply must
// never be a generic "tell me more". Counted cues plus length: a long report is detailed on its own.
import { words } from './text-features.js';

const cues: RegExp[] = [
  // times
  /\b\d{1,2}(?::\d{2})?\s?(?:am|pm|uhr|h|utc|cet|est|pst)\b|\b(?:since|seit|depuis|desde|sinds|yesterday|this morning|today|last night|gestern|heute|hier|ce matin|aujourd'hui|ayer|hoy|ontem|hoje|gisteren|vandaag|vanochtend)\b|\b\d{1,2}:\d{2}\b/i,
  // symptoms
  /\b(?:error|errors|fails?|failed|failing|crash\w*|timeout|timing out|times out|blank|freez\w*|hangs?|stuck|returns?|shows?|displays?|throws?|broken|slow|5\d\d|4\d\d|fehler|stürzt|erreur|plante|error|falla|erro|trava|fout|crasht)\b/i,
  // impact
  /\b(?:users?|customers?|team|blocked|cannot|can'?t|unable|revenue|production|deadline|nobody|everyone|kunden|nutzer|clients?|utilisateurs|usuarios|clientes|usuários|klanten|gebruikers)\b/i,
  // steps
  /\b(?:when i|after (?:i|we)|tried|steps?|first|then|i clicked|we clicked|reproduce|every time|each time|wenn ich|nachdem|versucht|quand je|après avoir|essayé|cuando|intenté|quando eu|tentei|wanneer ik|geprobeerd)\b|^\s*\d[.)]\s/im,
];

export function hasDetail(text: string): boolean {
  const wordCount = words(text.toLowerCase()).length;
  if (wordCount >= 60) return true;
  const found = cues.filter((cue) => cue.test(text)).length;
  return (found >= 2 && wordCount >= 12) || (found >= 3 && wordCount >= 8);
}
