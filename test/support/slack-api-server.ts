// The local Slack Web API for tests: the local workspace's own (src/workspace), on a port of its own,
// recording every call. See src/workspace/api-server.ts.
export {
  startSlackApiServer,
  type Fault,
  type RecordedCall,
  type SlackApiServer,
  type SlackApiServerOptions,
  type SlackUser,
} from '../../src/workspace/api-server.js';
