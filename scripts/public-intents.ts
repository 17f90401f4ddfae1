// The public knowledge set's intent → article table (eval/knowledge/README.md, "Public questions"), shared by
// scripts/knowledge-public-set.ts, which picks eval/knowledge/public.jsonl by it, and
// scripts/answerability-examples.ts, which fits the answerability on other rows of the same covered intents
// (never a row of public.jsonl). Decided from each intent's meaning and the articles' titles and headings
// before any search was run on these questions; do not change it to suit the search.
export type Source = 'bitext' | 'clinc150' | 'dstc11' | 'banking77' | 'se-meta';
export interface IntentMapping {
  source: Source;
  /** The data set's own label (for se-meta: a group of Stack Exchange tags, below). */
  intent: string;
  expected: string;
}

/** Intent → article. Titles and headings it rests on are in eval/knowledge/README.md ("Public questions"). */
export const intentMap: IntentMapping[] = [
  // Bitext: e-commerce customer-service intents.
  { source: 'bitext', intent: 'get_invoice', expected: 'billing/download-invoices' },
  { source: 'bitext', intent: 'check_invoice', expected: 'billing/download-invoices' },
  { source: 'bitext', intent: 'recover_password', expected: 'account/reset-password' },
  { source: 'bitext', intent: 'delete_account', expected: 'account/delete-account' },
  { source: 'bitext', intent: 'get_refund', expected: 'billing/refunds-and-credits' },
  { source: 'bitext', intent: 'track_refund', expected: 'billing/refunds-and-credits' },
  { source: 'bitext', intent: 'check_refund_policy', expected: 'billing/refunds-and-credits' },
  { source: 'bitext', intent: 'payment_issue', expected: 'billing/failed-payments' },
  { source: 'bitext', intent: 'check_payment_methods', expected: 'billing/update-payment-method' },
  { source: 'bitext', intent: 'registration_problems', expected: 'none' },
  { source: 'bitext', intent: 'complaint', expected: 'none' },
  { source: 'bitext', intent: 'review', expected: 'none' },
  { source: 'bitext', intent: 'contact_human_agent', expected: 'none' },
  // CLINC150 (support subset): crowd-written one-liners.
  { source: 'clinc150', intent: 'card_declined', expected: 'billing/failed-payments' },
  { source: 'clinc150', intent: 'oos', expected: 'none' },
  { source: 'clinc150', intent: 'application_status', expected: 'none' },
  // DSTC11: customer turns from insurance, banking and finance conversations.
  { source: 'dstc11', intent: 'insurance/ResetPassword', expected: 'account/reset-password' },
  { source: 'dstc11', intent: 'banking/UpdateEmail', expected: 'account/change-login-email' },
  { source: 'dstc11', intent: 'finance/UpdateEmail', expected: 'account/change-login-email' },
  { source: 'dstc11', intent: 'insurance/CancelPlan', expected: 'plans/cancel-or-downgrade' },
  { source: 'dstc11', intent: 'banking/CloseBankAccount', expected: 'account/delete-account' },
  { source: 'dstc11', intent: 'finance/CloseAccount', expected: 'account/delete-account' },
  { source: 'dstc11', intent: 'insurance/UpdatePaymentPreference', expected: 'billing/update-payment-method' },
  { source: 'dstc11', intent: 'insurance/UpdateBillingFrequency', expected: 'plans/change-plan' },
  { source: 'dstc11', intent: 'finance/AddUserToAccount', expected: 'admin/invite-and-remove-members' },
  { source: 'dstc11', intent: 'finance/GetCreditReport', expected: 'none' },
  { source: 'dstc11', intent: 'finance/PurchaseStocks', expected: 'none' },
  { source: 'dstc11', intent: 'banking/ExternalWireTransfer', expected: 'none' },
  // BANKING77 test split: a mobile bank's customers.
  { source: 'banking77', intent: 'request_refund', expected: 'billing/refunds-and-credits' },
  { source: 'banking77', intent: 'Refund_not_showing_up', expected: 'billing/refunds-and-credits' },
  { source: 'banking77', intent: 'declined_card_payment', expected: 'billing/failed-payments' },
  { source: 'banking77', intent: 'transaction_charged_twice', expected: 'billing/understand-your-charges' },
  { source: 'banking77', intent: 'passcode_forgotten', expected: 'account/reset-password' },
  { source: 'banking77', intent: 'terminate_account', expected: 'account/delete-account' },
  { source: 'banking77', intent: 'lost_or_stolen_phone', expected: 'account/reset-2fa' },
  { source: 'banking77', intent: 'top_up_failed', expected: 'none' },
  { source: 'banking77', intent: 'transfer_not_received_by_recipient', expected: 'none' },
  // Stack Exchange meta questions tagged `support`: how a Q&A site's community features work.
  { source: 'se-meta', intent: 'reputation-and-votes', expected: 'none' },
  { source: 'se-meta', intent: 'tags', expected: 'none' },
  { source: 'se-meta', intent: 'closing-and-moderation', expected: 'none' },
];

