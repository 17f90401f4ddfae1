// Block Kit → DOM, for the blocks memdesk posts: header, section (text and fields), context,
// divider and actions with buttons. A pressed button is handed to `onButton`.
import { h } from './dom.js';
import { mrkdwn } from './mrkdwn.js';

/** @param {{ userName, linkHref, onButton: (button) => void }} ctx */
export function blockKit(blocks, ctx) {
  return h('div', { class: 'blocks' }, blocks.map((block) => renderBlock(block, ctx)));
}

function renderBlock(block, ctx) {
  switch (block.type) {
    case 'header':
      return h('h3', { class: 'bk-header' }, textObject(block.text, ctx));
    case 'section':
      return h(
        'div',
        { class: 'bk-section' },
        block.text ? h('div', { class: 'bk-text' }, textObject(block.text, ctx)) : null,
        block.fields ? h('div', { class: 'bk-fields' }, block.fields.map((f) => h('div', { class: 'bk-field' }, textObject(f, ctx)))) : null,
      );
    case 'context':
      return h('div', { class: 'bk-context' }, (block.elements ?? []).map((e) => (e.type === 'image' ? h('span', {}, e.alt_text ?? '') : h('span', {}, textObject(e, ctx)))));
    case 'divider':
      return h('hr', { class: 'bk-divider' });
    case 'actions':
      return h(
        'div',
        { class: 'bk-actions', role: 'group', 'aria-label': 'Actions' },
        (block.elements ?? [])
          .filter((e) => e.type === 'button')
          .map((e) =>
            h(
              'button',
              {
                type: 'button',
                class: `bk-button${e.style ? ` bk-${e.style}` : ''}`,
                onclick: (event) => ctx.onButton({ action_id: e.action_id, value: e.value, block_id: block.block_id }, event.currentTarget),
              },
              e.text?.text ?? e.action_id,
            ),
          ),
      );
    default:
      return null;
  }
}

function textObject(text, ctx) {
  if (!text) return '';
  return text.type === 'mrkdwn' ? mrkdwn(text.text, ctx) : String(text.text ?? '');
}
