import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPgliteDb } from '/work/wt/fast/src/db/pglite';
import { migrate } from '/work/wt/fast/src/db/migrate';
(async () => {
  const db0 = await createPgliteDb({ thread: 'main' });
  await migrate(db0);
  await db0.close();
  const p = await PGlite.create(); const d = await p.dumpDataDir('none'); fs.writeFileSync('/tmp/tpl.tar', Buffer.from(await d.arrayBuffer())); await p.close();
  for (const thread of ['main', 'worker', 'main', 'worker', 'main', 'worker'] as const) {
    const t = Date.now();
    const db = await createPgliteDb({ thread, loadDataDirFile: '/tmp/tpl.tar' });
    const t1 = Date.now();
    await db.query('select 1');
    await db.close();
    console.log(thread, 'open', t1 - t, 'total', Date.now() - t);
  }
})();
