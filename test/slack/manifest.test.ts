// The manifest a team installs from must grant what the code calls and subscribe to what it listens
// for. Reads manifest.yml at the top level, or the draft in src/slack/ until it moves there.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const path = existsSync('manifest.yml') ? 'manifest.yml' : 'src/slack/manifest.draft.yml';
const manifest = parse(readFileSync(path, 'utf8'));

describe(`Slack app manifest (${path})`, () => {
  it('asks for the bot scopes the app uses, and no others', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['app_mentions:read', 'channels:history', 'chat:write', 'commands', 'groups:history', 'reactions:read', 'reactions:write', 'users:read', 'users:read.email'].sort(),
    );
  });

  it('subscribes to messages in public and private channels, to mentions, to reactions (the staff 🎫) and to the Home tab opening', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'app_mention', 'message.channels', 'message.groups', 'reaction_added']);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('declares both staff commands, escaped so @user arrives as a user id', () => {
    const commands = manifest.features.slash_commands as { command: string; should_escape: boolean; description: string }[];
    expect(commands.map((c) => c.command)).toEqual(['/seed-memory', '/memory']);
    for (const c of commands) {
      expect(c.should_escape).toBe(true);
      expect(c.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('enables interactivity and Socket Mode, with a bot user', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.bot_user.display_name).toBe('memdesk');
    expect(manifest.display_information.name).toBe('memdesk');
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
  });
});
