// Requests as Slack sends them, for tests: the local workspace's own signing (src/workspace/signing.ts).
export {
  encodeSlackBody,
  postSigned as postSignedToSlackReceiver,
  slackSignature,
  type SignedPostOptions as SlackPostOptions,
  type SlackBody,
} from '../../src/workspace/signing.js';

export interface SlackPostResult {
  status: number;
  body: string;
}
