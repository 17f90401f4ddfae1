// Requests as Slack sends them, for tests: the local workspace's own signing (src/emulator/signing.ts).
export {
  encodeSlackBody,
  postSigned as postSignedToSlackReceiver,
  slackSignature,
  type SignedPostOptions as SlackPostOptions,
  type SlackBody,
} from '../../src/emulator/signing.js';

export interface SlackPostResult {
  status: number;
  body: string;
}
