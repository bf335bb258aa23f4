/**
 * The Home chart in the sandbox page: once Lea has something in her last 8 weeks, her Home tab shows
 * the picture Trustloop uploaded (an image block by slack_file, served by the sandbox), beside the
 * numbers, with alt text that says them.
 */
import type { Page } from 'playwright-core';
import { LEADER, TEAM_CHANNEL } from '../../src/sandbox/seed';
import { nextMondayMorning, openSandboxPage, screenshot, type SandboxPage } from './harness';

const onPglitePass = process.env.TEST_DATABASE_URL ? describe.skip : describe;
const ANA = 'U0ANA0001';

onPglitePass('the Home chart in the sandbox page', () => {
  let opened: SandboxPage | undefined;
  let run: SandboxPage['run'];
  let page: Page;

  const command = async (as: string, command: string, text: string) => {
    const res = await fetch(`${run.sandbox.url}/sandbox/api/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: run.sandbox.url },
      body: JSON.stringify({ as, channel: TEAM_CHANNEL, command, text }),
    });
    if (!res.ok) throw new Error(`${command} answered ${res.status}: ${await res.text()}`);
  };

  beforeAll(async () => {
    opened = await openSandboxPage({ startAt: nextMondayMorning() });
    ({ run, page } = opened);
    await command(LEADER, '/delegate', `<@${ANA}> Draft the survey by Friday`);
    await command(ANA, '/outcome', 'D-1 win Asking early helped');
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('shows the uploaded picture on Lea’s Home tab, with the numbers in its alt text', async () => {
    await page.goto(run.sandbox.url);
    await page.locator('.sidebar .nav', { hasText: 'Trustloop' }).click();
    await page.getByRole('tab', { name: 'Home' }).click();
    const img = page.locator('.home .bk-image img');
    await img.waitFor();
    await expect(img.getAttribute('alt')).resolves.toContain('1 wins, 0 losses');
    // the picture itself arrived and decoded
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLImageElement>('.home .bk-image img');
      return !!el && el.complete && el.naturalWidth > 0;
    });
    await expect(page.locator('.home').textContent()).resolves.toContain('Your say/do');
    await img.scrollIntoViewIfNeeded();
    await screenshot(page, 'sandbox-home-chart');
  });
});
