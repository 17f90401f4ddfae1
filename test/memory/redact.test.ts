// Secrets pasted into support threads must not survive into memory; ordinary support text must.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/memory/redact.js';

describe('redactSecrets', () => {
  it.each([
    // [what, message, secret that must disappear, kind]
    ['Visa with spaces', 'Please charge 4111 1111 1111 1111 instead', '4111 1111 1111 1111', 'card_number'],
    ['Mastercard with dashes', 'card: 5555-5555-5555-4444 exp 09/28', '5555-5555-5555-4444', 'card_number'],
    ['Amex grouping', 'my amex 3782 822463 10005 was declined', '3782 822463 10005', 'card_number'],
    ['unbroken card', 'use 4012888888881881 for the renewal', '4012888888881881', 'card_number'],
    ['German IBAN', 'refund to DE89 3704 0044 0532 0130 00 please', 'DE89 3704 0044 0532 0130 00', 'iban'],
    ['UK IBAN, unspaced', 'our IBAN is GB29NWBK60161331926819.', 'GB29NWBK60161331926819', 'iban'],
    ['IBAN with a typo, announced', 'IBAN: FR76 3000 6000 0112 3456 7890 188', 'FR76 3000 6000 0112 3456 7890 188', 'iban'],
    ['account number', 'wire it to account number 12345678 at Chase', '12345678', 'bank_account'],
    ['acct no.', 'acct no. 000123456789 is the new one', '000123456789', 'bank_account'],
    ['routing number', 'routing number 021000021', '021000021', 'routing_number'],
    ['sort code', 'sort code 20-00-00, account 55779911', '20-00-00', 'routing_number'],
    ['password with colon', 'login is ben@northwind.example, password: hunter2', 'hunter2', 'password'],
    ['pw is', 'the admin pw is Tr0ub4dor&3!', 'Tr0ub4dor&3', 'password'],
    ['quoted passphrase', 'passphrase = "correct horse battery staple"', 'horse battery', 'password'],
    ['PIN digits', 'my PIN is 4921, can you reset it', '4921', 'password'],
    ['OpenAI key', 'our key sk-proj-AbC123dEf456GhI789jKl012MnO345pQr leaked', 'sk-proj-AbC123dEf456GhI789jKl012MnO345pQr', 'api_key'],
    ['Stripe secret key', 'STRIPE_KEY=sk_live_51HxYzAbCdEfGhIjKlMnOpQr', 'sk_live_51HxYzAbCdEfGhIjKlMnOpQr', 'api_key'],
    ['Slack bot token', 'token xoxb-2024-1234567890-AbCdEfGhIjKlMnOpQrStUvWx', 'xoxb-2024-1234567890-AbCdEfGhIjKlMnOpQrStUvWx', 'slack_token'],
    ['Slack user token', 'xoxp-1111-2222-3333-abcdef0123456789abcdef', 'xoxp-1111-2222-3333-abcdef0123456789abcdef', 'slack_token'],
    ['Slack app token', 'SLACK_APP_TOKEN=xapp-1-A0123BCDEF-1234567890-abc123def456', 'xapp-1-A0123BCDEF-1234567890-abc123def456', 'slack_token'],
    ['AWS access key', 'AWS key AKIAIOSFODNN7EXAMPLE stopped working', 'AKIAIOSFODNN7EXAMPLE', 'aws_key'],
    ['GitHub token', 'ghp_1A2b3C4d5E6f7G8h9I0jK1l2M3n4O5p6Q7r8 in the CI logs', 'ghp_1A2b3C4d5E6f7G8h9I0jK1l2M3n4O5p6Q7r8', 'github_token'],
    [
      'JWT',
      'session eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U expired',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'jwt',
    ],
    ['Bearer token', 'Authorization: Bearer 8f3a9c2e7b1d4f60a5e9c3b7d2f1a8e4', '8f3a9c2e7b1d4f60a5e9c3b7d2f1a8e4', 'bearer_token'],
    ['hex secret after "secret"', 'client secret: 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d', '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d', 'secret'],
    ['base64 after "api key"', 'the api key is dGhpc0lzQVNlY3JldEtleTEyMzQ1Ng==', 'dGhpc0lzQVNlY3JldEtleTEyMzQ1Ng==', 'secret'],
  ])('%s', (_what, message, secret, kind) => {
    const { text, redactions } = redactSecrets(message);
    expect(text).not.toContain(secret);
    expect(text).toContain(`[REDACTED:${kind}]`);
    expect(redactions).toContain(kind);
  });

  it('keeps the words around a secret', () => {
    expect(redactSecrets('Ben said password: hunter2 then logged off').text).toBe(
      'Ben said password: [REDACTED:password] then logged off',
    );
    expect(redactSecrets('Authorization: Bearer 8f3a9c2e7b1d4f60a5e9c3b7d2f1a8e4').text).toBe(
      'Authorization: Bearer [REDACTED:bearer_token]',
    );
  });

  it('reports one entry per value replaced', () => {
    const { redactions } = redactSecrets('card 4111111111111111, password: hunter2, key AKIAIOSFODNN7EXAMPLE');
    expect(redactions).toEqual(['aws_key', 'card_number', 'password']);
  });

  it.each([
    'Invoice INV-2026-0042 for $49.00 is overdue since 2026-11-25',
    'Refund of $1,249.99 issued on 2026-03-14 at 09:30 UTC',
    'Call me at +1 (415) 555-0100 or 415-555-0100',
    'Ticket T-1042 on account acct_northwind, order #1000234',
    'My password is not working and I need to reset it',
    'The password was changed yesterday',
    'My PIN is locked, how do I unlock it?',
    'I sent the payment to the wrong account number',
    'account ending in 4242 was charged twice',
    'The token expired, can you send a new invite link?',
    'Your API key settings page is blank',
    'Card ending 1111 expires 09/28',
    'Order 2026-11-25 2026-12-01 window', // date ranges are not cards, even when digits add up
    'Tracking number 1Z999AA10123456784 shows delivered',
  ])('leaves ordinary support text alone: %s', (message) => {
    expect(redactSecrets(message)).toEqual({ text: message, redactions: [] });
  });

  it('does not touch 3,000 real banking customer queries (BANKING77 test split, kept in eval/banking77)', () => {
    const queries = ['test.csv'].flatMap((file) =>
      readFileSync(new URL(`../../eval/banking77/${file}`, import.meta.url), 'utf8')
        .split('\n')
        .slice(1)
        .filter(Boolean)
        // text,category — the text may be quoted and hold commas; the category never does.
        .map((line) => line.slice(0, line.lastIndexOf(',')).replace(/^"|"$/g, '').replace(/""/g, '"')),
    );
    expect(queries.length).toBeGreaterThan(3_000);
    const touched = queries.filter((q) => redactSecrets(q).redactions.length > 0);
    expect(touched).toEqual([]);
  });
});
