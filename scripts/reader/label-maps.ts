// How each training source's own labels map to memdesk's issue types (documented in DATA.md).
// A label missing from a map is dropped, so a new upstream label never lands in the wrong class.
import type { z } from 'zod';
import type { readingIssueType } from '../../src/core/reading.js';

type IssueType = z.infer<typeof readingIssueType>;

function invert(groups: Partial<Record<IssueType, string[]>>): Map<string, IssueType> {
  const map = new Map<string, IssueType>();
  for (const [type, labels] of Object.entries(groups) as [IssueType, string[]][]) {
    for (const label of labels) map.set(label, type);
  }
  return map;
}

export const bitextMap = invert({
  billing: ['check_invoice', 'get_invoice', 'payment_issue', 'check_payment_methods', 'get_refund', 'track_refund', 'check_refund_policy', 'check_cancellation_fee'],
  cancellation: ['cancel_order', 'delete_account'],
  access: ['recover_password', 'registration_problems'],
  how_to: ['create_account', 'edit_account', 'switch_account', 'place_order', 'change_order', 'change_shipping_address', 'set_up_shipping_address', 'delivery_options', 'delivery_period', 'track_order'],
  // Asking how to reach a person (hours, a number, a call) is a request for a person, not a how-to.
  other: ['complaint', 'review', 'newsletter_subscription', 'contact_human_agent', 'contact_customer_service'],
});

export const clincMap = invert({
  billing: ['bill_balance', 'bill_due', 'pay_bill', 'card_declined', 'spending_history', 'transactions', 'credit_limit_change', 'international_fees'],
  security: ['report_fraud', 'freeze_account', 'report_lost_card'],
  access: ['account_blocked', 'pin_change'],
  how_to: ['reset_settings', 'change_language', 'sync_device', 'expiration_date', 'new_card', 'replacement_card_duration', 'damaged_card', 'application_status', 'order_status', 'confirm_reservation'],
  cancellation: ['cancel_reservation'],
  // "Call me Carrie", "what is my name": commands to a voice assistant, not sign-in problems.
  other: ['oos', 'user_name', 'change_user_name'],
});

const dstcBilling = ['insurance/PayBill', 'insurance/ReportBillingIssue', 'insurance/CheckPaymentStatus', 'insurance/UpdatePaymentPreference', 'insurance/UpdateBillingFrequency', 'insurance/CancelAutomaticBilling', 'insurance/CheckAccountBalance', 'banking/CheckAccountBalance', 'finance/CheckAccountBalance', 'banking/DisputeCharge', 'finance/MakeCreditCardPayment', 'finance/SetAutoPayment', 'finance/GetBankStatement', 'finance/CheckCreditCardBalance', 'finance/CheckLoanBalance', 'finance/PayLoan', 'finance/ChangeStatementDelivery', 'banking/CheckTransactionHistory'];
export const dstcMap = invert({
  billing: dstcBilling,
  cancellation: ['insurance/CancelPlan', 'banking/CloseBankAccount', 'finance/CloseAccount'],
  access: ['insurance/ResetPassword', 'insurance/ChangeSecurityQuestion', 'finance/ChangePin', 'banking/SetUpOnlineBanking'],
  security: ['banking/ReportLostStolenCard'],
  how_to: ['insurance/ChangeAddress', 'banking/UpdateEmail', 'finance/UpdateEmail', 'banking/UpdatePhoneNumber', 'finance/UpdatePhoneNumber', 'banking/UpdateStreetAddress', 'finance/UpdateStreetAddress', 'insurance/AddDependent', 'insurance/RemoveDependent', 'finance/AddUserToAccount', 'insurance/ChangePlan', 'insurance/EnrollInPlan', 'insurance/GetPolicyNumber', 'insurance/RequestProofOfInsurance', 'insurance/CreateAccount', 'banking/FindBranch', 'finance/FindBranch', 'banking/FindATM', 'banking/GetBranchHours', 'finance/GetBranchHours', 'banking/GetWithdrawalLimit', 'banking/AskAboutTransferTime', 'banking/AskAboutCashDeposits', 'banking/InternalFundsTransfer', 'banking/ExternalWireTransfer', 'finance/MakeTransfer', 'finance/OpenAccount', 'banking/OpenBankingAccount', 'finance/RequestNewCard', 'finance/OrderCheck', 'finance/CancelCheck'],
  other: ['insurance/GetQuote', 'insurance/FileClaim', 'insurance/ReportAutomobileAccident', 'insurance/FindAgent', 'finance/ApplyLoan', 'finance/ApplyCreditCard', 'finance/ScheduleAppointment', 'finance/AskConsumerPriceIndex', 'finance/AskLiquidityRatio', 'finance/GetCreditReport', 'finance/GetInvestmentReport', 'finance/GetExchangeRate', 'finance/GetStockQuote', 'finance/GetTreasuryBondYield', 'finance/GetDebtIncomeRatio', 'finance/NetIncome', 'finance/PurchaseStocks', 'finance/GetLoanInfo', 'finance/GetCreditCardInfo', 'finance/RequestEmail'],
});

/** NLU++ rows carry several intents; the first rule that matches decides (order as in the data README). */
export function nluppType(label: string): IssueType {
  const intents = new Set(label.split('|'));
  const has = (name: string) => intents.has(name);
  if (has('lost_stolen')) return 'security';
  if (has('cancel_close_leave_freeze')) return has('card') ? 'security' : 'cancellation';
  if (has('pin') && (has('change') || has('how') || has('wrong_notworking_notshowing'))) return 'access';
  if (has('wrong_notworking_notshowing')) return 'outage';
  if (['fees_interests', 'refund', 'direct_debit', 'standing_order', 'overdraft', 'balance', 'transfer_payment_deposit'].some(has)) return 'billing';
  if (['how', 'request_info', 'make_open_apply_setup_get_activate'].some(has)) return 'how_to';
  return 'other';
}

/**
 * BANKING77 is card banking; memdesk is a SaaS desk. Charges, refunds, fees and failed or pending
 * payments are billing; a card or app that stops working is the nearest thing to an outage; lost,
 * stolen or compromised cards and cash taken by someone else are security; forgotten passcodes
 * and blocked PINs are access; closing the account is cancellation; everything else asks how.
 */
export const banking77Map = invert({
  billing: ['card_payment_wrong_exchange_rate', 'extra_charge_on_statement', 'pending_cash_withdrawal', 'card_payment_fee_charged', 'top_up_by_bank_transfer_charge', 'wrong_amount_of_cash_received', 'request_refund', 'Refund_not_showing_up', 'transaction_charged_twice', 'transfer_fee_charged', 'exchange_charge', 'top_up_by_card_charge', 'cash_withdrawal_charge', 'card_payment_not_recognised', 'direct_debit_payment_not_recognised', 'pending_card_payment', 'pending_transfer', 'pending_top_up', 'balance_not_updated_after_cheque_or_cash_deposit', 'balance_not_updated_after_bank_transfer', 'reverted_card_payment?', 'top_up_reverted', 'declined_card_payment', 'declined_transfer', 'declined_cash_withdrawal', 'top_up_failed', 'failed_transfer', 'transfer_not_received_by_recipient', 'beneficiary_not_allowed', 'cancel_transfer', 'wrong_exchange_rate_for_cash_withdrawal'],
  outage: ['card_not_working', 'contactless_not_working', 'virtual_card_not_working', 'card_swallowed'],
  security: ['compromised_card', 'lost_or_stolen_card', 'lost_or_stolen_phone', 'cash_withdrawal_not_recognised'],
  access: ['passcode_forgotten', 'pin_blocked', 'unable_to_verify_identity'],
  cancellation: ['terminate_account'],
  how_to: ['card_arrival', 'card_linking', 'exchange_rate', 'fiat_currency_support', 'card_delivery_estimate', 'automatic_top_up', 'exchange_via_app', 'age_limit', 'top_up_limits', 'supported_cards_and_currencies', 'getting_virtual_card', 'card_acceptance', 'edit_personal_details', 'get_physical_card', 'visa_or_mastercard', 'topping_up_by_card', 'disposable_card_limits', 'atm_support', 'receiving_money', 'transfer_into_account', 'verify_top_up', 'getting_spare_card', 'top_up_by_cash_or_cheque', 'order_physical_card', 'get_disposable_virtual_card', 'activate_my_card', 'card_about_to_expire', 'apple_pay_or_google_pay', 'verify_my_identity', 'country_support', 'transfer_timing', 'why_verify_identity', 'verify_source_of_funds', 'change_pin'],
});

/** ABCD flows (the first customer turn of each conversation). */
export const abcdFlowMap = invert({
  access: ['account_access'],
  how_to: ['manage_account', 'shipping_issue', 'single_item_query', 'storewide_query'],
  billing: ['purchase_dispute', 'subscription_inquiry', 'product_defect'],
  outage: ['troubleshoot_site'],
  other: ['order_issue'],
});

/**
 * HINT3's three production chatbots (`bot/LABEL`). Only labels that name a support problem are
 * kept: product catalogue and pre-sales questions (mattress sizes, diet advice) are not tickets,
 * and "chat with an agent" rows mix in wallet complaints, so they are dropped rather than guessed.
 */
export const hint3Map = invert({
  outage: ['powerplay11/POINTS_NOT_UPDATED', 'powerplay11/WRONG_SCORES', 'powerplay11/CANNOT_SEE_JOINED_CONTESTS', 'curekart/PORTAL_ISSUE'],
  billing: [
    'powerplay11/ACCOUNT_BALANCE_DEDUCTED', 'powerplay11/DEDUCTED_AMOUNT_NOT_RECEIVED', 'powerplay11/REFUND_OF_WRONG_AMOUNT', 'powerplay11/REFUND_OF_ADDED_CASH',
    'powerplay11/CHECK_DEPOSIT_STATUS', 'powerplay11/LESS_WINNINGS_AMOUNT', 'powerplay11/WINNINGS', 'powerplay11/WITHDRAWAL_STATUS', 'powerplay11/MATCH_ABANDONED',
    'curekart/REFUNDS_RETURNS_REPLACEMENTS', 'curekart/PAYMENT_AND_BILL', 'sofmattress/RETURN_EXCHANGE', 'sofmattress/EMI', 'sofmattress/COD',
  ],
  access: ['powerplay11/ACCOUNT_NOT_VERIFIED', 'powerplay11/PAN_VERIFICATION_FAILED', 'powerplay11/NO_EMAIL_CONFIRMATION'],
  cancellation: ['curekart/CANCEL_ORDER', 'sofmattress/CANCEL_ORDER'],
  how_to: [
    'powerplay11/WITHDRAWAL_INTRO', 'powerplay11/WITHDRAWAL_TIME', 'powerplay11/VERIFY_EMAIL', 'powerplay11/VERIFY_MOBILE', 'powerplay11/VERIFY_PAN', 'powerplay11/WHY_VERIFY',
    'powerplay11/CHANGE_PROFILE_TEAM_DETAILS', 'powerplay11/CHANGE_MOBILE_NUMBER', 'powerplay11/CHANGE_BANK_ACCOUNT', 'powerplay11/DELETE_PAN_CARD',
    'powerplay11/HOW_TO_PLAY', 'powerplay11/JOIN_CONTEST', 'powerplay11/TEAM_DEADLINE', 'powerplay11/HOW_POINTS_CALCULATED', 'powerplay11/UPDATE_APP',
    'powerplay11/DOWNLOAD_POWERPLAY11', 'powerplay11/ACCOUNT_RESET',
    'curekart/ORDER_STATUS', 'curekart/DELAY_IN_PARCEL', 'curekart/MODIFY_ADDRESS', 'curekart/CHECK_PINCODE', 'curekart/SIGN_UP', 'curekart/MODES_OF_PAYMENTS',
    'sofmattress/ORDER_STATUS', 'sofmattress/DELAY_IN_DELIVERY', 'sofmattress/CHECK_PINCODE',
  ],
  other: ['powerplay11/FAKE_TEAMS', 'powerplay11/FAIRPLAY_VIOLATIONS', 'powerplay11/CRITICISM', 'powerplay11/GREETINGS_DAY', 'powerplay11/THANKS', 'powerplay11/APPRECIATION'],
});
