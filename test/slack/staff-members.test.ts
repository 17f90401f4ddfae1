// Who counts as staff: the directory, STAFF_USER_IDS, and in a channel shared with an account over
// Slack Connect, anyone from the operator's own Slack team; and which 🎫 reactions make a ticket.
import { describe, expect, it } from 'vitest';
import { loadDirectory } from '../../src/directory/directory-file.js';
import { steppedClock } from '../../src/clock.js';
import { staffMembers } from '../../src/slack/staff-members.js';
import { ticketReaction } from '../../src/slack/ticket-reaction.js';

const directory = loadDirectory('./config/directory.yml');
const staff = staffMembers({ directory, staffUserIds: ['U0ONCALL'], operator: () => ({ teamId: 'T0OURS' }) });

describe('staff members', () => {
  it('are the directory staff and STAFF_USER_IDS, never a customer', () => {
    expect(staff.isStaff('U0DANA')).toBe(true);
    expect(staff.isStaff('U0ONCALL')).toBe(true);
    expect(staff.isStaff('U0BEN')).toBe(false);
  });

  it("include our own team's people in an account's Slack Connect channel, but not the customer's", async () => {
    await expect(staff.isStaffSender({ user: 'U0COLLEAGUE', channel: 'C0NORTHWIND', team: 'T0OURS' })).resolves.toBe(true);
    await expect(staff.isStaffSender({ user: 'U0BEN', channel: 'C0NORTHWIND', team: 'T0NORTHWIND' })).resolves.toBe(false);
    // In our own support channel everyone is on our team, customers included: the team says nothing there.
    await expect(staff.isStaffSender({ user: 'U0BEN', channel: 'C0SUPPORT', team: 'T0OURS' })).resolves.toBe(false);
  });
});

describe('staff members on Enterprise Grid', () => {
  const enterprises: Record<string, string | undefined> = { U0PRIYA: 'E0OURS', U0PRIYA2: 'E0OURS', U0BEN: 'E0NORTHWIND', U0SOLO: undefined };
  const asked: string[] = [];
  let failing = false;
  const clock = steppedClock(new Date('2026-05-01T09:00:00Z'));
  const grid = staffMembers({
    directory,
    clock,
    staffUserIds: [],
    operator: () => ({ teamId: 'T0OURS', enterpriseId: 'E0OURS' }),
    userEnterprise: async (user) => {
      asked.push(user);
      if (failing) throw new Error('users.info failed');
      return enterprises[user];
    },
  });
  const inNorthwind = (user: string, team: string) => grid.isStaffSender({ user, channel: 'C0NORTHWIND', team });

  it("count our organisation's other workspaces as ours, asking Slack once per workspace", async () => {
    await expect(inNorthwind('U0PRIYA', 'T0OURSALES')).resolves.toBe(true);
    await expect(inNorthwind('U0PRIYA2', 'T0OURSALES')).resolves.toBe(true);
    // An org-level member's team is the enterprise itself: nothing to ask.
    await expect(inNorthwind('U0ORGADMIN', 'E0OURS')).resolves.toBe(true);
    expect(asked).toEqual(['U0PRIYA']);
    // In our own channel the organisation says nothing, as the team does not.
    await expect(grid.isStaffSender({ user: 'U0PRIYA', channel: 'C0SUPPORT', team: 'T0OURSALES' })).resolves.toBe(false);
  });

  it('keep a customer from another organisation, from none, or whose organisation Slack would not tell, a customer', async () => {
    await expect(inNorthwind('U0BEN', 'T0NORTHWIND')).resolves.toBe(false);
    await expect(inNorthwind('U0SOLO', 'T0SOLO')).resolves.toBe(false);
    failing = true;
    await expect(inNorthwind('U0PRIYA', 'T0OURSUPPORT')).resolves.toBe(false);
    failing = false;
    // A failed look-up is not repeated for a while (30 s when Slack named no Retry-After): a customer meanwhile.
    clock.advance(29_000);
    await expect(inNorthwind('U0PRIYA', 'T0OURSUPPORT')).resolves.toBe(false);
    expect(asked.filter((u) => u === 'U0PRIYA')).toHaveLength(2);
    // Then it is asked again, and known.
    clock.advance(1_000);
    await expect(inNorthwind('U0PRIYA', 'T0OURSUPPORT')).resolves.toBe(true);
    expect(asked.filter((u) => u === 'U0PRIYA')).toHaveLength(3);
  });
});

describe('what Slack said about a workspace’s organisation', () => {
  const ours = { teamId: 'T0OURS', enterpriseId: 'E0OURS' };
  /** Staff by Slack's answers: `enterprise(user)` is what users.info says (it may throw, as a 429 does). */
  const gridAnswering = (enterprise: (user: string) => string | undefined, asked: string[], clock = steppedClock(new Date('2026-05-01T09:00:00Z'))) =>
    staffMembers({
      directory,
      clock,
      staffUserIds: [],
      operator: () => ours,
      userEnterprise: async (user) => {
        asked.push(user);
        return enterprise(user);
      },
    });
  const grid = (enterprises: Record<string, string | undefined>, asked: string[], clock?: ReturnType<typeof steppedClock>) =>
    gridAnswering((user) => enterprises[user], asked, clock);

  it('is trusted for a day, then asked again: a workspace that moved to another organisation is no longer ours', async () => {
    const enterprises: Record<string, string | undefined> = { U0MOVER: 'E0OURS' };
    const asked: string[] = [];
    const clock = steppedClock(new Date('2026-05-01T09:00:00Z'));
    const staff = grid(enterprises, asked, clock);
    const inNorthwind = () => staff.isStaffSender({ user: 'U0MOVER', channel: 'C0NORTHWIND', team: 'T0MOVING' });
    await expect(inNorthwind()).resolves.toBe(true);
    // The workspace moves to another organisation; within the day Slack is not asked again.
    enterprises.U0MOVER = 'E0ELSEWHERE';
    clock.advance(24 * 3600_000 - 1_000);
    await expect(inNorthwind()).resolves.toBe(true);
    expect(asked).toEqual(['U0MOVER']);
    clock.advance(1_000);
    await expect(inNorthwind()).resolves.toBe(false);
    expect(asked).toEqual(['U0MOVER', 'U0MOVER']);
    // The new answer is kept for its own day.
    clock.advance(3600_000);
    await expect(inNorthwind()).resolves.toBe(false);
    expect(asked).toHaveLength(2);
  });

  it("is kept when the day's re-check fails (a 429 storm): our colleagues in a sister workspace stay staff, and it is asked again after the pause", async () => {
    let failing = false;
    const asked: string[] = [];
    const clock = steppedClock(new Date('2026-05-01T09:00:00Z'));
    const staff = gridAnswering(() => {
      if (failing) throw Object.assign(new Error('ratelimited'), { retryAfter: 20 });
      return 'E0OURS';
    }, asked, clock);
    const inNorthwind = () => staff.isStaffSender({ user: 'U0PRIYA', channel: 'C0NORTHWIND', team: 'T0OURSALES' });
    await expect(inNorthwind()).resolves.toBe(true);
    failing = true;
    clock.advance(24 * 3600_000);
    await expect(inNorthwind()).resolves.toBe(true);
    await expect(inNorthwind()).resolves.toBe(true);
    expect(asked).toHaveLength(2);
    // Slack's Retry-After passed: asked again.
    failing = false;
    clock.advance(20_000);
    await expect(inNorthwind()).resolves.toBe(true);
    expect(asked).toHaveLength(3);
  });

  it('is kept for the 1,000 workspaces seen most recently: one that keeps writing is not asked again however many others pass', async () => {
    const enterprises: Record<string, string | undefined> = { U0REGULAR: 'E0OURS', U0ONCE: 'E0OURS' };
    const asked: string[] = [];
    const staff = grid(enterprises, asked);
    const writes = (user: string, team: string) => staff.isStaffSender({ user, channel: 'C0NORTHWIND', team });
    await writes('U0ONCE', 'T0ONCE');
    await writes('U0REGULAR', 'T0REGULAR');
    for (let n = 0; n < 1_500; n++) {
      await writes(`U0PASSING${n}`, `T0PASSING${n}`);
      if (n % 100 === 0) await expect(writes('U0REGULAR', 'T0REGULAR')).resolves.toBe(true);
    }
    expect(asked.filter((u) => u === 'U0REGULAR')).toHaveLength(1);
    // The workspace seen once, long ago, was dropped and is asked about again.
    await expect(writes('U0ONCE', 'T0ONCE')).resolves.toBe(true);
    expect(asked.filter((u) => u === 'U0ONCE')).toHaveLength(2);
  });
});

describe('ticket reactions', () => {
  const rules = { supportChannelIds: [], escalationChannelId: 'C0ESCALATE', botUserId: 'U0MEMDESK' };
  const reaction = (o: { user: string; reaction?: string; channel?: string; item_user?: string }) => ({
    type: 'reaction_added',
    user: o.user,
    reaction: o.reaction ?? 'ticket',
    item: { type: 'message', channel: o.channel ?? 'C0SUPPORT', ts: '1764064000.000100' },
    item_user: o.item_user ?? 'U0BEN',
  });

  it('make a ticket from a staff 🎫, whoever wrote the message', () => {
    expect(ticketReaction(reaction({ user: 'U0DANA' }), rules, staff)).toEqual({
      kind: 'ticket',
      reaction: { reactor: 'U0DANA', author: 'U0BEN', channelId: 'C0SUPPORT', ts: '1764064000.000100' },
    });
    expect(ticketReaction(reaction({ user: 'U0DANA', item_user: 'U0SAM' }), rules, staff)).toMatchObject({ kind: 'ticket', reaction: { author: 'U0SAM' } });
  });

  it('ignore other emoji, other people, the escalation channel and the bot’s own messages', () => {
    expect(ticketReaction(reaction({ user: 'U0DANA', reaction: 'eyes' }), rules, staff)).toEqual({ kind: 'ignore', reason: 'reaction eyes' });
    expect(ticketReaction(reaction({ user: 'U0BEN' }), rules, staff)).toEqual({ kind: 'ignore', reason: 'ticket reaction from someone not on staff' });
    expect(ticketReaction(reaction({ user: 'U0DANA', channel: 'C0ESCALATE' }), rules, staff)).toEqual({ kind: 'ignore', reason: 'escalation channel' });
    expect(ticketReaction(reaction({ user: 'U0DANA', item_user: 'U0MEMDESK' }), rules, staff)).toMatchObject({ kind: 'ignore' });
  });
});
