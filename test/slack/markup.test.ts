import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, toPlainText } from '../../src/slack/markup.js';

describe('toPlainText', () => {
  it.each([
    ['<@U0DANA> can you check?', '@U0DANA can you check?'],
    ['<@U0DANA|dana> can you check?', '@dana can you check?'],
    ['see <#C0BILLING|billing>', 'see #billing'],
    ['see <#C0BILLING>', 'see #C0BILLING'],
    ['<!here> site is down', '@here site is down'],
    ['<!subteam^S0SUPPORT|@support> help', '@support help'],
    ['due <!date^1764064800^{date_short}|25 Nov 2026>', 'due 25 Nov 2026'],
    ['read <https://example.com/docs|the docs>', 'read the docs (https://example.com/docs)'],
    ['read <https://example.com/docs>', 'read https://example.com/docs'],
    ['mail <mailto:ben@northwind.example|ben@northwind.example>', 'mail ben@northwind.example'],
    ['charged twice :rage: :money_with_wings:', 'charged twice 😡 [money with wings]'],
    ['nice :+1::skin-tone-3:', 'nice 👍'],
    ['at 10:30:45 today', 'at 10:30:45 today'],
    ['a &lt; b &amp;&amp; c &gt; d', 'a < b && c > d'],
    ['literal &amp;lt; stays', 'literal &lt; stays'],
  ])('%s → %s', (input, expected) => {
    expect(toPlainText(input)).toBe(expected);
  });

  it('names users the caller knows', () => {
    expect(toPlainText('ask <@U0DANA>', { userName: (id) => (id === 'U0DANA' ? 'Dana Lee' : undefined) })).toBe('ask @Dana Lee');
  });
});

describe('escapeMrkdwn', () => {
  it('escapes the three control characters and nothing else', () => {
    expect(escapeMrkdwn('Tom & Jerry <@U123> <!channel> *bold* > quote')).toBe('Tom &amp; Jerry &lt;@U123&gt; &lt;!channel&gt; *bold* &gt; quote');
  });
  it('round-trips through toPlainText', () => {
    const text = 'a < b & c > <not a link>';
    expect(toPlainText(escapeMrkdwn(text))).toBe(text);
  });
});
