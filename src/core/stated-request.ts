// A message of no known type that still says what the customer wants done: a complaint to make ("how can I make a
// complaint against your company?") or something they ask us to do ("I need you to approve my claim"). What it is about
// is said; "could you tell me a bit more about what you need help with?" would ask for what it already says, so a
// person takes it as it is. English only, as the words are: other languages are asked as before.
const statedRequest = [
  // a complaint, grievance or formal objection of theirs
  /\b(?:make|file|lodge|submit|raise|send|register|open|report)\s+(?:a\s+|an\s+|my\s+|our\s+)?(?:formal\s+|consumer\s+|official\s+)?(?:complaint|grievance)s?\b|\b(?:i|we)\s+(?:want|would like|need|wish)\s+to\s+complain\b|\bi['’]d like to complain\b/i,
  // something asked of us: "I need you to approve my claim", "we want your team to reverse it"
  // a bare one: "approve my claim", "please expedite our order"
  /^\s*(?:please\s+)?(?:approve|process|reverse|expedite|reconsider|review|reopen|restore|reinstate|release|waive|honou?r|settle|resolve)\s+(?:my|our)\s+\p{L}+/iu,
  /\b(?:i|we)\s+(?:need|want|would like|expect)\s+(?:you|your team|your company|someone|somebody)\s+to\s+(?!know\b|help\b|tell\b|explain\b)\p{L}+\s+(?:my|our|the|this|that|it)\b/iu,
];

/** The message says what the customer wants done: a complaint to make, or an action asked of us. */
export function statesRequest(message: string): boolean {
  return statedRequest.some((pattern) => pattern.test(message));
}
