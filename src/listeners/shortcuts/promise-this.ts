import { TEXT_LIMITS } from '../../domain/limits';
import { fromMessage } from '../../services/from-message';
import { memberOf } from '../../services/members';
import { commitModal } from '../../views/commitment';
import type { AppDeps } from '../deps';
import { shortcutListener, formDateIn } from '../kit';

/** "Make this a promise…" on a message: the promise form, owed to its author when it isn't you. */
export const promiseThisShortcut = (deps: AppDeps) =>
  shortcutListener(deps, {
    name: 'promise_this',
    run: async (s) => {
      const m = s.message;
      if (!m) return; // a message shortcut always names its message; anything else is not ours to guess
      const [me, prefill] = await Promise.all([
        memberOf(deps, s.teamId, s.userId),
        fromMessage(deps, {
          teamId: s.teamId,
          userId: s.userId,
          text: m.text,
          authorId: m.authorId,
          titleLimit: TEXT_LIMITS.promise,
        }),
      ]);
      const tomorrow = formDateIn(deps.clock.now(), me.tz, 1);
      await s.openModal(
        commitModal(
          tomorrow,
          {},
          { what: prefill.title, ...(prefill.authorId ? { counterpartId: prefill.authorId } : {}) },
        ),
      );
    },
  });
