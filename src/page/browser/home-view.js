// The app's Home tab for whoever is picked in "Post as": opening it sends app_home_opened to
// memdesk, and the view memdesk publishes (views.publish) is drawn here as Slack would draw it.
import { blockKit } from './blocks.js';
import { h } from './dom.js';
import { postJson } from './workspace-api.js';

/** @param {{ button: HTMLButtonElement, picker: HTMLSelectElement, target: HTMLElement, view: object, act: Function }} x */
export function wireHomeView(x) {
  x.button.addEventListener('click', () =>
    x.act(x.button, 'Opening the Home tab…', async () => {
      const user = x.picker.value;
      const { view } = await postJson('/workspace/home', { user });
      const name = x.view.userName(user);
      x.target.replaceChildren(
        h('p', { class: 'panel-hint' }, `The Home tab as ${name} sees it.`),
        view ? blockKit(view.blocks, { ...x.view, onButton: () => {} }) : h('p', { class: 'empty-note' }, 'memdesk published no Home view.'),
      );
      x.target.closest('section')?.classList.remove('is-empty');
    }),
  );
}
