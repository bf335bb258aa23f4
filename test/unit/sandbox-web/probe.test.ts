import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
it('renders', () => { expect(renderToString(h('b', null, 'hi'))).toBe('<b>hi</b>'); });
