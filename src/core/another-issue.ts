// Whether a customer's follow-up in a ticket asks about another issue than the ticket's: the one
// rule intake (does a top-level message join the open ticket?) and the rules' assessment (does the
// ticket's issue type change?) share. It does only when the reader is sure (at least `minConfidence`)
// of another known type, and the message's request words (without what only says how bad it is and
// without identifiers: Reader.requestWords), read alone, are surely that type too. So "it's urgent,
// everyone on our team is blocked, error code E503" under an outage stays the outage, though its
// impact words lean the reader to access; "Separately: invoice INV-9 was charged twice" is billing.
import type { IssueType } from './tools.js';
import type { Reader, Reading } from './reading.js';

export function raisesAnotherIssue(
  message: { text: string; reading: Pick<Reading, 'issue_type' | 'confidence'> },
  ticketIssue: IssueType | string,
  x: { reader: Pick<Reader, 'read' | 'requestWords'>; minConfidence: number },
): boolean {
  const { reading } = message;
  // A ticket whose issue is not known yet (`other`: it was asked what it is about) takes whatever comes next.
  if (ticketIssue === 'other' || reading.issue_type === 'other') return false;
  if (reading.issue_type === ticketIssue || reading.confidence < x.minConfidence) return false;
  const words = x.reader.requestWords?.(message.text);
  if (words === undefined) return true;
  const request = x.reader.read({ text: words });
  return request.issue_type === reading.issue_type && request.confidence >= x.minConfidence;
}
