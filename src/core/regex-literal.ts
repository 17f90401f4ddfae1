// Text to match as itself inside a regular expression built at run time (a staff name, a label).
export function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
