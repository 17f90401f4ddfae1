// Whether a message is about getting into an account: the access answer is the password-reset steps
// (policy/templates.yml), which only fit a customer who cannot sign in. The reader reads "change the
// security question" or "why is there a hold on my account" as access from the word "account" and its
// company; without a sign-in word or act in the message, it is not a sign-in problem.

// English only: the reader's access readings in other languages keep their type (the words below are English).
const signInWords =
  /(?<![\p{L}\p{N}])(?:log(?:s|ged|ging)?[\s-]?(?:in|on|into|me out|out)|logins?|logon|sign(?:s|ed|ing)?[\s-]?(?:in|on|into|me out|out)|signin|sign-on|pass[\s-]?(?:words?|codes?)|passwd|2fa|mfa|two[\s-]?factor|2[\s-]?step|authenticat\p{L}*|verif\p{L}*|one[\s-]?time (?:code|password)|otp|sso|saml|okta|lock(?:s|ed|ing)?(?: me)? out|locked|lockout|reset link|magic link|recovery codes?|credentials?|user ?names?|access\p{L}*|(?:get(?:ting)?|let(?:s|ting)? (?:me|us)) (?:in|into|back in)|kick(?:s|ed)? (?:me )?out|suspend\p{L}*|deactivat\p{L}*|disabled|blocked|un(?:lock|block)\p{L}*|pins?|invit\p{L}*|identity|identification|(?:i am|i'?m) (?:me|myself)|recogni[sz]\p{L}* me|not (?:being )?recogni[sz]ed|(?:remember|forg[eo]t\p{L}*|lost|find) (?:the|my|our) (?:pass)?code|(?:it'?s|it is) me|who i (?:say i )?am)(?![\p{L}\p{N}])/iu;

// A state said of a thing the message does not name ("why is it blocked?", "this got disabled", "it's locked"): a
// card, a payment, a post or a feature may be what is blocked as well as an account, so the state alone does not
// say the customer cannot get in. Said of them or of what they sign in with ("I'm blocked", "my account is
// locked"), it does.
const unnamedState =
  /(?<![\p{L}\p{N}])(?:it|this|that)(?:\s+|['’]s\s+)(?:(?:is|was|has|been|got|gets|keeps|getting|seems|still|now|being|become|became)\s+){0,3}(?:blocked|disabled|suspended|deactivated|locked|frozen)(?![\p{L}\p{N}])/giu;

/** The same pattern without the global flag, for a test that keeps no position between calls. */
const unnamedStateFound = new RegExp(unnamedState.source, 'iu');

/**
 * True when the message names signing in or getting into an account ("can't log in", "locked out", "2FA", "access"),
 * or proving who the customer is to get in ("my PIN is blocked", "the app doesn't know it's me").
 */
export function namesSignIn(message: string): boolean {
  return signInWords.test(message.replace(unnamedState, ' '));
}

/** Something is blocked (disabled, locked…) and the message names neither it nor signing in: "why is it blocked?". */
export function blocksUnnamed(message: string): boolean {
  return unnamedStateFound.test(message) && !namesSignIn(message);
}

// English, as signInWords: a credential of the customer's that no longer lets them in, or must be reset or given
// back ("will you reinstate my PIN?", "I've tried to enter my PIN too often", "my passcode is blocked"), or an
// identity check they cannot get through ("it is impossible to verify my identity", "I do not have what is
// required to prove my identity"). Not a question how a credential works ("how do I change my PIN?", "why do I
// need to verify my identity?"): that is a how-to.
const credentialTrouble = new RegExp(
  [
    String.raw`\b(?:reset|reinstate|unblock|unlock|reactivate|re-activate|restore|recover|retrieve|get back)\s+(?:my|our|the)\s+(?:pin|passcode|pass code|password)\b`,
    String.raw`\b(?:pin|passcode|pass code|password)\s+(?:is\s+|was\s+|got\s+|has been\s+|have been\s+|gets\s+)?(?:now\s+)?(?:blocked|locked|disabled|suspended|frozen)\b`,
    String.raw`\b(?:pin|passcode|password)\s+(?:too\s+(?:often|many times)|(?:several|multiple|many|three|\d+)\s+times)`,
    String.raw`\btoo many\s+(?:wrong\s+|incorrect\s+|failed\s+)?(?:pin|passcode|password)\s+(?:attempts|tries|entries)`,
    String.raw`\b(?:forgot(?:ten)?|lost|can'?t remember|cannot remember|don'?t remember)\s+(?:my|our|the)\s+(?:pin|passcode|pass code|password)\b`,
    String.raw`\b(?:can'?t|cannot|can not|unable to|impossible to|not able to|fail(?:ed|s)? to|won'?t let me)\s+(?:\w+\s+){0,2}?(?:verify|prove|confirm)\s+(?:my|our)\s+(?:identity|id)\b`,
    String.raw`\b(?:identity|id)\s+(?:verification|check)\s+(?:has\s+|was\s+)?(?:failed|fails|keeps failing|rejected|was rejected|did ?n[o']?t work|is ?n[o']?t working|not working)\b`,
    String.raw`\b(?:do ?n[o']?t|do not)\s+have\s+(?:what(?:'s| is)?|the (?:documents?|papers?))\s+(?:\w+\s+){0,2}?(?:to|for)\s+(?:prove|verify|confirm)\s+my\s+(?:identity|id)\b`,
  ].join('|'),
  'i',
);

/** The customer's own credential keeps them out or must be reset, or they cannot get through an identity check. */
export function reportsCredentialTrouble(message: string): boolean {
  return credentialTrouble.test(message);
}

// qa7, and a leftover of qa4–qa6: "How do I log in?" (read other 0.72) was asked to tell us more, "How do I access your
// portal?" (how_to) found no article and went to a person, and "how can I sign in to my account" was answered from the
// article on a compromised account. A question how or where to sign in that says nothing went wrong is answered with
// where to sign in (templates answer.sign_in), not the "trouble signing in" reset steps nor an article. English only.
const signInQuestion =
  /^\s*(?:(?:hi|hello|hey)(?![\p{L}])[\s,!.]*(?:there)?[\s,!.]*)?(?:(?:how|where)\s+(?:do|can|could|should|would|will|shall|may)\s+(?:i|we|you|one)\s+(?:\p{L}+\s+){0,2}?(?:log\s*(?:in|on|into)|login|sign\s*(?:in|on|into)|signin|access|get\s+(?:in|into|to))|(?:how|where)\s+(?:to|is|are|r)\s+(?:the\s+|your\s+)?(?:log\s*(?:in|on)|login|sign[\s-]*in|signin)|what(?:'s|’s| is)\s+(?:the|your)\s+(?:log\s*in|login|sign[\s-]*in|signin)\s+(?:page|url|link|address|site|website|screen))(?![\p{L}])/iu;
// What the customer signs in to, when the question names it: an account, the app, the site, the portal.
const signInPlace = /(?<![\p{L}])(?:log\s*(?:in|on)|login|sign[\s-]*(?:in|on)|signin|(?:access|get\s+(?:in|into|to))\s+(?:to\s+)?(?:my|our|your|the)\s+(?:account|app|application|portal|site|website|web\s*site|dashboard|workspace|platform|profile|cobalt))(?![\p{L}])/iu;
// Something already went wrong, or a way of signing in that its own article answers (SSO, two-factor), or more asked
// than signing in ("how do i get into my account and edit my details"): not this answer.
const signInTrouble =
  /(?<![\p{L}])(?:can'?t|cannot|can not|could ?n[o'’]?t|unable|not able|won'?t|does ?n[o'’]?t|did ?n[o'’]?t|is ?n[o'’]?t|not working|no longer|any ?more|again|still|locked|blocked|disabled|suspended|forg[eo]t\p{L}*|lost|reset|error|fail\p{L}*|problem|issue|trouble|wrong|expired|sso|saml|okta|single sign|2fa|mfa|two[\s-]?factor|code|google|microsoft|azure|someone|somebody|another|else'?s|other|new phone|without|and)(?![\p{L}])/iu;

/** A question how or where to sign in ("How do I log in?", "How do I access your portal?") with no trouble in it. */
export function asksHowToSignIn(message: string): boolean {
  return message.length <= 160 && signInQuestion.test(message) && signInPlace.test(message) && !signInTrouble.test(message);
}

// qa7: "i don't want my current pin for my wells account anymore" and "I want to change my password" (read access) were
// told "Sorry you're having trouble signing in" and sent the forgotten-password steps: a customer who wants a new
// password or PIN has no trouble getting in. It is a how-to (the help center has "Change your password while signed
// in"). Of 26,110 public English support texts (support-text, BANKING77 train and test), 97 that the reader reads as
// access match this and none of the trouble words: pin_change 71, ChangePin 10, change_pin 8, passcode_forgotten 4 (all
// "how do I change my passcode?"), 4 others, each a change asked for. English, as the words above.
const credentialChange =
  /\b(?:change|changing|update|updating|replace|replacing|switch|set (?:up )?a new|choose a new|pick a new|get a new|make a new|create a new)\b[^.?!\n]{0,20}?\b(?:password|passcode|pin)s?\b|\b(?:do ?n[o'’]?t|do not|no longer)\s+(?:want|like|need)\s+(?:to\s+(?:use|keep)\s+)?(?:my|our|the)\s+(?:current\s+|old\s+|existing\s+)?(?:\p{L}+\s+)?(?:password|passcode|pin)\b/iu;
const credentialChangeTrouble =
  /forg[eo]t|can'?t|cannot|can not|unable|locked|block|not working|does ?n['’]?t work|won'?t|expired|lost|reset link|did ?n['’]?t|is ?n['’]?t|wrong|incorrect|hack|compromis|stolen|someone|somebody|remember|too many|attempts|tries|tried|back to|error|fail|sign ?in|log ?in|access/i;

/** The customer wants a new password or PIN and says nothing keeps them out ("I want to change my password"). */
export function wantsCredentialChanged(message: string): boolean {
  return credentialChange.test(message) && !credentialChangeTrouble.test(message);
}
