// The Home tab the app published for each person (views.publish), kept as Slack keeps it: the last
// view published for a user replaces the one before. The page shows the picked person's.
export interface PublishedHome {
  id: string;
  type: 'home';
  blocks: unknown[];
}

export interface HomeViews {
  publish(userId: string, view: { blocks: unknown[] }): PublishedHome;
  get(userId: string): PublishedHome | undefined;
  clear(): void;
}

export function createHomeViews(): HomeViews {
  const views = new Map<string, PublishedHome>();
  let next = 1;
  return {
    publish(userId, view) {
      const published: PublishedHome = { id: `V${String(next++).padStart(8, '0')}`, type: 'home', blocks: view.blocks };
      views.set(userId, published);
      return published;
    },
    get: (userId) => views.get(userId),
    clear: () => views.clear(),
  };
}
