// Who is on the support team, as Slack sees them: staff in the directory, STAFF_USER_IDS, and, in a
// Slack Connect channel shared with a customer, anyone from the operator's own Slack team (the
// customer's people come from theirs). Staff are never customers: their messages are never tickets,
// and only they may press the escalation buttons or run staff commands. One rule for every sender
// memdesk meets: an event's message and a message read back from the thread alike.
import type { Directory } from '../core/ports.js';

export interface StaffMembers {
  /** Staff by who they are (directory, STAFF_USER_IDS): what buttons and commands check. */
  isStaff(slackUserId: string): boolean;
  /** Staff as the sender of a message: also the operator's team in an account's shared channel. */
  isStaffSender(sender: { user: string; channel: string; team?: string }): boolean;
}

export function staffMembers(deps: {
  directory: Directory;
  staffUserIds: readonly string[];
  /** The operator's own Slack team (auth.test's team_id), known once the app has asked Slack at start. */
  operatorTeamId?: () => string | undefined;
}): StaffMembers {
  const isStaff = (user: string) => deps.staffUserIds.includes(user) || deps.directory.isStaff(user);
  return {
    isStaff,
    isStaffSender({ user, channel, team }) {
      if (isStaff(user)) return true;
      const ours = deps.operatorTeamId?.();
      if (!team || !ours || team !== ours) return false;
      // Only a channel shared with an account has people from two teams; in the operator's own
      // channels everyone is on the operator's team, customers included (single-workspace setups).
      return deps.directory.resolve({ channelId: channel }).resolved_by === 'channel';
    },
  };
}
