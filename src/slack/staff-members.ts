// Who is on the support team, as Slack sees them: staff in the directory, STAFF_USER_IDS, and, in a
// Slack Connect channel shared with a customer, anyone from the operator's own Slack team (the
// customer's people come from theirs). On Enterprise Grid the operator's people sit in several
// workspaces of one enterprise: a sender from a sibling workspace is the operator's too, and a
// Connect customer from another organisation (another enterprise, or none) never is. Staff are never
// customers: their messages are never tickets, and only they may press the escalation buttons or run
// staff commands. One rule for every sender memdesk meets: an event's message and a message read back
// from the thread alike.
import type { Clock } from '../clock.js';
import type { Directory } from '../core/ports.js';
import { LruMap } from '../lru-map.js';

export interface StaffSender {
  user: string;
  channel: string;
  /** The sender's Slack team as the message names it (`user_team`, else `team`). */
  team?: string;
}

export interface StaffMembers {
  /** Staff by who they are (directory, STAFF_USER_IDS): what buttons and commands check. */
  isStaff(slackUserId: string): boolean;
  /**
   * Staff as the sender of a message: also the operator's team (or, on Enterprise Grid, a workspace of
   * the operator's enterprise) in an account's shared channel. Asks Slack about a team at most once a day.
   */
  isStaffSender(sender: StaffSender): Promise<boolean>;
}

/** Who the app is installed for, from auth.test at start. */
export interface OperatorTeam {
  teamId?: string;
  /** Set on Enterprise Grid (auth.test's enterprise_id), whether installed org-wide or in one workspace. */
  enterpriseId?: string;
}

/** Teams whose enterprise is kept; the least recently seen is dropped first (and asked again if it returns). */
const KNOWN_TEAMS_MAX = 1_000;
/**
 * How long Slack's answer about a team's enterprise is trusted. A workspace can move to another
 * organisation (or leave one), and an answer can be wrong; a day re-checks each team about once
 * per day it writes, one users.info call, while a burst from one team still asks once.
 */
const KNOWN_TEAM_TTL_MS = 24 * 3600_000;
/** How long a team is not asked about again after a look-up failed without a Retry-After. */
const FAILED_LOOKUP_PAUSE_S = 30;

export function staffMembers(deps: {
  directory: Directory;
  staffUserIds: readonly string[];
  /** The operator's own Slack team, known once the app has asked Slack at start. */
  operator?: () => OperatorTeam | undefined;
  /**
   * The enterprise a Slack user belongs to (users.info's enterprise_user.enterprise_id), undefined when
   * they are on no Enterprise Grid; throws when Slack could not say (a 429's error carries `retryAfter`,
   * in seconds, as the Web API's rate-limit error does). Asked only when the operator is on one.
   */
  userEnterprise?: (slackUserId: string) => Promise<string | undefined>;
  /** When a failed look-up may be tried again is told by this clock (the app's). */
  clock?: Clock;
}): StaffMembers {
  const now = () => deps.clock?.now().getTime() ?? Date.now();
  const isStaff = (user: string) => deps.staffUserIds.includes(user) || deps.directory.isStaff(user);
  // team → its enterprise, as Slack said for one of its people (a promise, so a burst asks once). An
  // answer stays until `retryAt` (KNOWN_TEAM_TTL_MS after it came), a failed look-up until its pause ends.
  // `answered`: the promise holds an answer Slack gave (this time or, for a re-check that failed, last time).
  type Known = { enterprise: Promise<string | undefined>; retryAt?: number; answered?: boolean };
  const teamEnterprise = new LruMap<string, Known>(KNOWN_TEAMS_MAX);
  const enterpriseOf = (team: string, user: string, lookUp: (slackUserId: string) => Promise<string | undefined>) => {
    const known = teamEnterprise.get(team);
    if (known && (known.retryAt === undefined || now() < known.retryAt)) return known.enterprise;
    const fresh = lookUp(user);
    const asked: Known = { enterprise: fresh };
    teamEnterprise.set(team, asked);
    fresh.then(
      () => {
        asked.retryAt = now() + KNOWN_TEAM_TTL_MS;
        asked.answered = true;
      },
      // A failed look-up is not an answer, but that team is not asked again until Slack's Retry-After (or a
      // short pause) has passed: during a 429 storm every message from it would call users.info again.
      (error: unknown) => {
        const retryAfter = (error as { retryAfter?: unknown }).retryAfter;
        asked.retryAt = now() + (typeof retryAfter === 'number' && retryAfter >= 0 ? retryAfter : FAILED_LOOKUP_PAUSE_S) * 1000;
      },
    );
    // The day's re-check failing (a 429 storm) keeps the answer it came to renew: our colleagues in a sister
    // workspace would otherwise be read as customers until Slack answers again.
    if (known?.answered) {
      asked.answered = true;
      asked.enterprise = fresh.catch(() => known.enterprise);
    }
    return asked.enterprise;
  };
  return {
    isStaff,
    async isStaffSender({ user, channel, team }) {
      if (isStaff(user)) return true;
      const ours = deps.operator?.();
      if (!team || !ours || (!ours.teamId && !ours.enterpriseId)) return false;
      // Only a channel shared with an account has people from two organisations; in the operator's own
      // channels everyone is on the operator's team, customers included (single-workspace setups).
      if (deps.directory.resolve({ channelId: channel }).resolved_by !== 'channel') return false;
      // An org-level user's team may be the enterprise itself.
      if (team === ours.teamId || team === ours.enterpriseId) return true;
      if (!ours.enterpriseId || !deps.userEnterprise) return false;
      try {
        return (await enterpriseOf(team, user, deps.userEnterprise)) === ours.enterpriseId;
      } catch {
        // Slack would not say (or was not asked again yet): a customer until it does, so memdesk never
        // stays quiet for an outsider.
        return false;
      }
    },
  };
}
