// Whether a message is about getting into an account: the access answer is the password-reset steps
// (policy/templates.yml), which only fit a customer who cannot sign in. The reader reads "change the
// security question" or "why is there a hold on my account" as access from the word "account" and its
// company; without a sign-in word or act in the message, it is not a sign-in problem.

// English only: the reader's access readings in other languages keep their type (the words below are English).
const signInWords =
  /(?<![\p{L}\p{N}])(?:log(?:s|ged|ging)?[\s-]?(?:in|on|into|me out|out)|logins?|logon|sign(?:s|ed|ing)?[\s-]?(?:in|on|into|me out|out)|signin|sign-on|pass[\s-]?(?:words?|codes?)|passwd|2fa|mfa|two[\s-]?factor|2[\s-]?step|authenticat\p{L}*|verif\p{L}*|one[\s-]?time (?:code|password)|otp|sso|saml|okta|lock(?:s|ed|ing)?(?: me)? out|locked|lockout|reset link|magic link|recovery codes?|credentials?|user ?names?|access\p{L}*|(?:get(?:ting)?|let(?:s|ting)? (?:me|us)) (?:in|into|back in)|kick(?:s|ed)? (?:me )?out|suspend\p{L}*|deactivat\p{L}*|disabled|blocked|un(?:lock|block)\p{L}*|pins?|invit\p{L}*|identity|identification|(?:i am|i'?m) (?:me|myself)|recogni[sz]\p{L}* me|not (?:being )?recogni[sz]ed|(?:remember|forg[eo]t\p{L}*|lost|find) (?:the|my|our) (?:pass)?code|(?:it'?s|it is) me|who i (?:say i )?am)(?![\p{L}\p{N}])/iu;

/**
 * True when the message names signing in or getting into an account ("can't log in", "locked out", "2FA", "access"),
 * or proving who the customer is to get in ("my PIN is blocked", "the app doesn't know it's me").
 */
export function namesSignIn(message: string): boolean {
  return signInWords.test(message);
}
