// The bot behind the local workspace runs with the user's config, its Slack settings replaced by the
// workspace's: whatever SLACK_* the environment held, every Web API call goes to the workspace.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { localBotConfig } from '../../src/emulator/bot-session.js';

describe('localBotConfig', () => {
  it('points the bot at the workspace, whatever Slack settings the environment had', () => {
    const config = loadConfig({ SLACK_APP_TOKEN: 'xapp-real', SLACK_API_URL: 'https://slack.com/api/', MEMDESK_NAMESPACE: 'team' });
    const local = localBotConfig(
      config,
      { botToken: 'xoxb-local', signingSecret: 'secret', apiUrl: 'http://127.0.0.1:3000/api/', supportChannelId: 'C0SUPPORT', escalationChannelId: 'C0ESCALATIONS' },
      'team.workspace-1',
    );
    expect(local).toMatchObject({
      SLACK_BOT_TOKEN: 'xoxb-local',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_APP_TOKEN: undefined,
      SLACK_API_URL: 'http://127.0.0.1:3000/api/',
      SUPPORT_CHANNEL_IDS: ['C0SUPPORT'],
      ESCALATION_CHANNEL_ID: 'C0ESCALATIONS',
      MEMDESK_NAMESPACE: 'team.workspace-1',
    });
  });
});
