import fs from 'node:fs';
import path from 'node:path';
import { findProjectRoot } from '../../../src/sandbox/files';
import { EMOJI, replaceShortcodes } from '../../../src/sandbox/web/src/blocks/emoji';

/** Every `:shortcode:` in the files that write what Trustloop sends (views and messages). */
function shortcodesTrustloopSends(): Map<string, string> {
  const root = findProjectRoot();
  const found = new Map<string, string>();
  for (const dir of ['src/views', 'src/messages']) {
    for (const file of fs.readdirSync(path.join(root, dir))) {
      if (!file.endsWith('.ts')) continue;
      const text = fs.readFileSync(path.join(root, dir, file), 'utf8');
      // Not `${x}:due:` (a key built in a template) nor `09:00:` (a time).
      for (const m of text.matchAll(/(?<![\w}]):([a-z][a-z0-9_+-]*[a-z0-9+]):/g))
        found.set(m[1]!, `${dir}/${file}`);
    }
  }
  return found;
}

describe('emoji shortcodes', () => {
  it('the page knows every shortcode Trustloop sends, so none shows as :text:', () => {
    const sent = shortcodesTrustloopSends();
    expect(sent.size).toBeGreaterThan(10);
    const unknown = [...sent]
      .filter(([name]) => EMOJI[name] === undefined)
      .map(([name, file]) => `:${name}: (${file})`);
    expect(unknown).toEqual([]);
  });

  it('turns known shortcodes into emoji and leaves others as they are', () => {
    expect(replaceShortcodes(':pencil2: You changed it :no_such_emoji:')).toBe(
      '✏️ You changed it :no_such_emoji:',
    );
  });
});
