// The local Slack Web API for tests: the local workspace's own (src/emulator), on a port of its own,
// recording every call. See test/support/api-server.ts.
export {
  startSlackApiServer,
  type RecordedCall,
  type SlackApiServer,
  type SlackUser,
} from './api-server.js';
