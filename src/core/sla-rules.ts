// A plan's SLA targets as rules.yml states them: how many business minutes memdesk or a person has
// for the first reply, for each reply after a customer writes again, and to resolve, counted in the
// plan's business hours (or around the clock). An account in the directory may keep other hours.
import { z } from 'zod';
import { type businessHoursOverrideSchema, businessHoursSchema, type BusinessHours } from './business-hours.js';

const minutes = z.number().int('must be a whole number of minutes').positive('must be more than 0 minutes');

export const planSlaSchema = z.object({
  first_response_minutes: minutes,
  next_response_minutes: minutes,
  resolution_minutes: minutes,
  business_hours: businessHoursSchema,
});
export type PlanSla = z.infer<typeof planSlaSchema>;

export type AccountHours = z.infer<typeof businessHoursOverrideSchema>;

/** The plan's hours with the account's changes over them, checked like the plan's own. */
export function hoursForAccount(plan: PlanSla, account: AccountHours | undefined): BusinessHours {
  if (!account) return plan.business_hours;
  return businessHoursSchema.parse({ ...plan.business_hours, ...account });
}
