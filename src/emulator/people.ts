// Who is in the local workspace: the directory's customers and staff with their Slack ids, one
// stranger the directory does not know, and memdesk's own bot user. users.info answers from here;
// the page's "post as" picker offers the demo customers, the staff (who reply in threads and react
// with 🎫) and the stranger.
import type { DirectoryData } from '../directory/directory-file.js';

export interface WorkspaceMember {
  id: string;
  /** Slack handle (`name` in users.info). */
  name: string;
  real_name: string;
  email?: string;
  is_bot?: boolean;
  role: 'customer' | 'staff' | 'stranger' | 'bot';
  /** Directory ids, for the page's memory panel. */
  customer_id?: string;
  account_id?: string;
  account_name?: string;
}

export const localBot = { userId: 'U0MEMDESK', botId: 'B0MEMDESK', appId: 'A0MEMDESK', name: 'memdesk' } as const;

/** Somebody the directory has never heard of, at an email domain no account owns. */
export const stranger: WorkspaceMember = {
  id: 'U0STRANGER',
  name: 'alex.morgan',
  real_name: 'Alex Morgan',
  email: 'alex.morgan@example.net',
  role: 'stranger',
};

export interface People {
  all(): WorkspaceMember[];
  get(id: string): WorkspaceMember | undefined;
  /** Who the page may post as: the demo customers, the staff, then the stranger. */
  posters(): WorkspaceMember[];
  /** The staff member who presses Seed memory, Take it and Resolve. */
  staffActor(): WorkspaceMember | undefined;
}

export function workspacePeople(directory: DirectoryData, demoCustomerIds: readonly string[]): People {
  const accounts = new Map(directory.accounts.map((a) => [a.id, a]));
  const customers: WorkspaceMember[] = directory.customers.flatMap((c) => {
    const id = c.slack_user_ids[0];
    if (!id) return [];
    return [{
      id,
      name: handle(c.name),
      real_name: c.name,
      ...(c.emails[0] ? { email: c.emails[0] } : {}),
      role: 'customer' as const,
      customer_id: c.id,
      account_id: c.account_id,
      account_name: accounts.get(c.account_id)?.name ?? c.account_id,
    }];
  });
  const staff: WorkspaceMember[] = directory.staff.map((s) => ({ id: s.slack_user_id, name: handle(s.name), real_name: s.name, role: 'staff' }));
  const bot: WorkspaceMember = { id: localBot.userId, name: localBot.name, real_name: localBot.name, is_bot: true, role: 'bot' };
  const members = [...customers, ...staff, stranger, bot];
  const byId = new Map(members.map((m) => [m.id, m]));
  // A directory without the demo customers still gets a picker: everyone it can place.
  const demo = demoCustomerIds.map((id) => customers.find((c) => c.customer_id === id)).filter((c): c is WorkspaceMember => Boolean(c));
  const posters = [...(demo.length ? demo : customers), ...staff, stranger];
  const actor = directory.staff.find((s) => s.roles.includes('support')) ?? directory.staff[0];

  return {
    all: () => members,
    get: (id) => byId.get(id),
    posters: () => posters,
    staffActor: () => (actor ? byId.get(actor.slack_user_id) : undefined),
  };
}

function handle(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
}
