// app_home_opened → views.publish: staff get their Home (numbers for 7 and 30 days, the tickets they
// hold, the breaches), anyone else a short help text. Read from the records at each opening.
import type { App } from '@slack/bolt';
import type { Memdesk } from '../memdesk.js';
import type { Config } from '../config.js';
import { buildSupportReport } from '../insights/support-report.js';
import type { Logger } from '../log.js';
import { customerHome, staffHome, type HomeView } from './home-blocks.js';
import type { StaffMembers } from './staff-members.js';

const DAY_MS = 86_400_000;

export async function homeViewFor(memdesk: Memdesk, user: string, isStaff: (user: string) => boolean): Promise<HomeView> {
  if (!isStaff(user)) return customerHome();
  const now = memdesk.clock.now();
  const period = async (days: number) => {
    const since = new Date(now.getTime() - days * DAY_MS).toISOString();
    return buildSupportReport(await memdesk.report.read({ since, now: now.toISOString() }), { since, now });
  };
  const [week, month, held] = await Promise.all([period(7), period(30), memdesk.tickets.openOwnedBy(user)]);
  return staffHome({ week, month, held, now });
}

export function registerAppHome(app: App, memdesk: Memdesk, deps: { config: Config; logger: Logger; staff: StaffMembers }): void {
  const { isStaff } = deps.staff;
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const view = await homeViewFor(memdesk, event.user, isStaff);
    await client.views.publish({ user_id: event.user, view });
    deps.logger.info({ user: event.user, staff: isStaff(event.user) }, 'app home published');
  });
}
