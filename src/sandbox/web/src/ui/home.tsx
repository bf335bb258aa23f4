/** The app's Home tab for the acting person: what the app published with views.publish. */
import type { SandboxState } from '../../../protocol';
import { renderBlocks, type BlockAction } from '../blocks/render';
import { renderContext } from './render-context';

export function HomeTab({ state, onAction }: { state: SandboxState; onAction: (viewId: string, a: BlockAction) => void }) {
  const home = state.home;
  if (!home) {
    return (
      <div class="home empty">
        <p>Opening Trustloop’s Home tab…</p>
        <p class="muted">The app publishes it when you open it (app_home_opened → views.publish).</p>
      </div>
    );
  }
  return (
    <div class="home" data-view-id={home.id}>
      {renderBlocks(home.blocks, renderContext(state, { onAction: (a) => onAction(home.id, a), idPrefix: 'home' }))}
    </div>
  );
}
