// The objects Slack's Web API returns, in the shape of Slack's documented examples (users.info,
// conversations.info), filled with this workspace's values. Builders only.
import type { SlackChannel } from './conversations.js';

export interface SlackUser {
  id: string;
  name?: string;
  real_name?: string;
  email?: string;
  is_bot?: boolean;
  /** Their own workspace when it is not this one (a Slack Connect customer, a sibling workspace on Grid). */
  team_id?: string;
  /**
   * Their Enterprise Grid organisation; null for none. Unset: this workspace's people are in its
   * enterprise (if any), people of another workspace are in none.
   */
  enterprise?: { id: string; name: string } | null;
}

// A fixed "updated"/"created" second: these objects describe people and channels, not events.
const since = 1_764_000_000;

export function slackUserObject(user: SlackUser, workspace: { id: string; enterprise?: { id: string; name: string } }): Record<string, unknown> {
  const name = user.name ?? user.id.toLowerCase();
  const realName = user.real_name ?? name;
  const teamId = user.team_id ?? workspace.id;
  const enterprise = user.enterprise === undefined ? (teamId === workspace.id ? workspace.enterprise : undefined) : (user.enterprise ?? undefined);
  return {
    id: user.id,
    team_id: teamId,
    name,
    deleted: false,
    color: '9f69e7',
    real_name: realName,
    tz: 'Europe/London',
    tz_label: 'Greenwich Mean Time',
    tz_offset: 0,
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.is_bot ?? false,
    is_app_user: false,
    has_2fa: false,
    updated: since,
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: name,
      display_name_normalized: name,
      ...(user.email ? { email: user.email } : {}),
      team: teamId,
    },
    // A Grid member: users.info names their organisation and the workspaces they are in.
    ...(enterprise
      ? { enterprise_user: { id: user.id, enterprise_id: enterprise.id, enterprise_name: enterprise.name, is_admin: false, is_owner: false, is_primary_owner: false, teams: [teamId] } }
      : {}),
  };
}

export function conversationObject(channel: SlackChannel): Record<string, unknown> {
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    created: since,
    creator: 'U0CREATOR',
    is_archived: false,
    is_channel: !channel.is_private,
    is_ext_shared: false,
    is_general: false,
    is_group: channel.is_private,
    is_im: false,
    is_member: true,
    is_mpim: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    is_private: channel.is_private,
    is_read_only: false,
    is_shared: false,
    parent_conversation: null,
    pending_shared: [],
    previous_names: [],
    purpose: { creator: '', last_set: 0, value: channel.purpose },
    topic: { creator: '', last_set: 0, value: '' },
    unlinked: 0,
  };
}
