// Requests as Slack sends them, for tests: the local workspace's own signing (src/emulator/signing.ts).
export {
  postSigned as postSignedToSlackReceiver,
  slackSignature,
  type SignedPostOptions as SlackPostOptions,
  type SlackBody,
} from '../../src/emulator/signing.js';
