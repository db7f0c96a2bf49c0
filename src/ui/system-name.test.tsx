// SystemName offers line breaks only between handle parts (issue 10 §4 item 4: names broke mid-word in narrow columns).
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, it } from 'vitest';
import { SystemName } from './system-name';

it('puts a <wbr> after every "-" and keeps each part unbreakable', () => {
  const html = renderToStaticMarkup(<SystemName name="llama-2-icl-chat-knn-prompt_similar" />);
  expect(html.match(/<wbr\/>/g)).toHaveLength(6);
  expect(html).toContain('<span class="system-name-piece">prompt_</span><wbr/><span class="system-name-piece">similar</span>');
  expect(html.replace(/<[^>]+>/g, '')).toBe('llama-2-icl-chat-knn-prompt_similar');
});
