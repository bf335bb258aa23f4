/**
 * The sandbox page offers what Slack offers besides slash commands: the app's message shortcuts on each
 * message's "⋯" menu, its global shortcuts in the composer, and its Workflow Builder steps, run as a
 * workflow would run them (a signed `function_executed` event), with the completion the app recorded.
 */
import type { Page } from 'playwright-core';
import { nextMondayMorning, openSandboxPage, screenshot, type SandboxPage } from './harness';

// The sandbox always keeps its data in embedded PGlite: the PostgreSQL pass would only repeat this run.
const onPglitePass = process.env.TEST_DATABASE_URL ? describe.skip : describe;

jest.setTimeout(90_000);

onPglitePass('the sandbox page: shortcuts and workflow steps', () => {
  let opened: SandboxPage | undefined;
  let run: SandboxPage['run'];
  let page: Page;
  const errors: string[] = [];

  const composer = () => page.locator('.composer textarea');
  const dialog = () => page.getByRole('dialog');
  const standIn = () => {
    const current = run.sandbox.current();
    if (!current) throw new Error('the sandbox is not running');
    return current.standIn;
  };
  async function actAs(name: string) {
    await page.locator(`button[data-person="${name}"]`).click();
    await page.locator(`button[data-person="${name}"][aria-pressed="true"]`).waitFor();
  }

  beforeAll(async () => {
    opened = await openSandboxPage({ startAt: nextMondayMorning() });
    ({ run, page } = opened);
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(run.sandbox.url);
    await page.getByRole('textbox', { name: 'Message #team' }).waitFor();
  });

  afterAll(async () => {
    await opened?.close();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  it('offers the message shortcuts on a message’s ⋯ menu; “Delegate this…” opens the delegate form prefilled from it', async () => {
    await actAs('ana');
    await composer().fill(
      'Could someone refresh the pricing page screenshots?\nThe old ones still show last year’s plans.',
    );
    await composer().press('Enter');
    const message = page.locator('article.msg', { hasText: 'refresh the pricing page' }).last();
    await message.waitFor();
    await actAs('lea');

    await message.hover();
    const more = message.getByRole('button', { name: 'More actions' });
    await more.click();
    const menu = page.getByRole('menu');
    await menu.waitFor(); // allTextContents does not wait for the menu to render
    await expect(menu.getByRole('menuitem').allTextContents()).resolves.toEqual([
      expect.stringContaining('Delegate this…'),
      expect.stringContaining('Make this a promise…'),
    ]);
    // The global shortcuts are not on a message's menu.
    await expect(menu.getByRole('menuitem', { name: /New delegation/ }).count()).resolves.toBe(0);
    await screenshot(page, 'shortcuts-01-message-menu');

    // Escape closes it and gives focus back to the button, as a menu should.
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await expect(more.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    // From the keyboard: the button is in the tab order (shown when focused), and Enter opens the menu
    // with the first item focused.
    await page.mouse.move(0, 0);
    await composer().focus();
    await more.focus();
    await expect(more.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(more.evaluate((el) => getComputedStyle(el.parentElement!).opacity)).resolves.toBe('1');
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('menuitem', { name: /Delegate this…/ }).evaluate((el) => el === document.activeElement),
    ).resolves.toBe(true);
    await page.keyboard.press('Enter');

    const modal = dialog();
    await modal.waitFor();
    await expect(modal.getAttribute('aria-label')).resolves.toBe('Delegate');
    await expect(modal.getByLabel('What', { exact: true }).inputValue()).resolves.toContain(
      'refresh the pricing page screenshots',
    );
    await expect(
      modal
        .getByLabel('Who')
        .evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? ''),
    ).resolves.toContain('Ana Alves');
    await screenshot(page, 'shortcuts-02-delegate-this');

    // What reached the app is Slack's message_action for that message, signed through the sender.
    const ts = await message.getAttribute('data-ts');
    expect(
      standIn()
        .messagesIn('C0TEAM001')
        .some((m) => m.ts === ts && m.user === 'U0ANA0001'),
    ).toBe(true);
    await modal.getByRole('button', { name: 'Close' }).click();
    await modal.waitFor({ state: 'detached' });
  });

  it('opens a global shortcut’s form from the composer’s shortcuts button', async () => {
    const shortcuts = page.getByRole('button', { name: 'Shortcuts' });
    await shortcuts.click();
    const menu = page.getByRole('menu');
    await menu.waitFor(); // allTextContents does not wait for the menu to render
    await expect(menu.getByRole('menuitem').allTextContents()).resolves.toEqual([
      expect.stringContaining('New delegation'),
      expect.stringContaining('New promise'),
    ]);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await expect(shortcuts.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    // Escape closes it wherever focus is — also a quick Escape that lands before focus reaches the list.
    await shortcuts.click();
    await menu.waitFor();
    await shortcuts.focus();
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });

    await shortcuts.click();
    await menu.getByRole('menuitem', { name: /New promise/ }).click();
    const modal = dialog();
    await modal.waitFor();
    await expect(modal.getAttribute('aria-label')).resolves.toBe('Make a promise');
    await modal.getByRole('button', { name: 'Close' }).click();
    await modal.waitFor({ state: 'detached' });
  });

  it('lists the workflow steps from manifest.json and builds each form from its input parameters', async () => {
    await page.getByRole('button', { name: 'Workflow steps' }).click();
    const panel = page.getByRole('dialog', { name: 'Workflow steps' });
    await panel.waitFor();
    await expect(panel.getByRole('tab').allTextContents()).resolves.toEqual([
      'Delegate work',
      'Make a promise',
      'Record an outcome',
      'Get a say/do summary',
    ]);

    // Delegate work: people pickers for user ids, a select for the stakes enum, text for the rest; required ones marked.
    const leader = panel.getByLabel(/^Leader/);
    await expect(leader.evaluate((el) => el.tagName)).resolves.toBe('SELECT');
    await expect(leader.inputValue()).resolves.toBe('U0LEA0001');
    await expect(
      panel
        .getByLabel(/^Assignee/)
        .locator('option')
        .allTextContents(),
    ).resolves.toEqual(expect.arrayContaining(['Ana Alves', 'Sam Sato']));
    await expect(
      panel
        .getByLabel(/^Stakes/)
        .locator('option')
        .allTextContents(),
    ).resolves.toEqual(['Choose', 'small', 'medium', 'large']);
    await expect(panel.locator('.step-field[data-param="task"] .required').count()).resolves.toBe(1);
    await expect(panel.locator('.step-field[data-param="stakes"]').textContent()).resolves.toContain(
      '(optional)',
    );
    await screenshot(page, 'shortcuts-03-steps-panel');

    // Workflow Builder does not start a step with a required input empty.
    await panel.getByRole('button', { name: 'Run step' }).click();
    await expect(panel.getByRole('alert').textContent()).resolves.toBe(
      '“Assignee” is required to run Delegate work.',
    );
  });

  it('runs a step as a workflow would, and shows the run until and as the app completed it', async () => {
    const panel = page.getByRole('dialog', { name: 'Workflow steps' });
    await panel.getByRole('tab', { name: 'Get a say/do summary' }).click();
    await expect(panel.getByLabel(/^Person/).inputValue()).resolves.toBe('U0LEA0001');
    await panel.getByLabel(/^Person/).selectOption({ label: 'Sam Sato' });
    await panel.getByRole('button', { name: 'Run step' }).click();

    const shown = panel.locator('li.run').first();
    await shown.waitFor();
    const id = await shown.getAttribute('data-run');
    const execution = standIn().functionExecution(id ?? '');
    // The stand-in started the run with the step's inputs, as Workflow Builder passes them.
    expect(execution).toMatchObject({
      callback_id: 'say_do_summary',
      inputs: { person: 'U0SAM0001' },
      team_id: standIn().teamId,
    });
    expect(execution?.bot_access_token).toMatch(/^xwfp-/);

    // The app completes the step with the event's token (until its step listeners land, the test does it as the app would).
    if (standIn().functionExecution(id ?? '')?.state === 'running') {
      // The panel says the run is under way (read at once: the app's own step listener may complete it
      // any moment). An app that does not answer the event in time is named as Slack's client names it.
      const seen = await shown.evaluate((el) => ({
        state: el.getAttribute('data-state'),
        text: el.querySelector('.run-state')?.textContent,
        why: el.querySelector('.run-error')?.textContent ?? null,
      }));
      if (seen.state === 'running') {
        expect(seen.text).toBe('Running…');
        expect(seen.why ?? 'Trustloop did not respond: "…"').toMatch(/^Trustloop did not respond: "/);
      }
      const res = await fetch(`${standIn().apiUrl}functions.completeSuccess`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          Authorization: `Bearer ${execution?.bot_access_token ?? ''}`,
        },
        body: JSON.stringify({
          function_execution_id: id,
          outputs: { ratio: 0.75, kept: 3, missed: 1, open: 2 },
        }),
      });
      const answer = (await res.json()) as { ok: boolean; error?: string };
      expect(answer.ok || answer.error === 'execution_not_in_running_state').toBe(true);
    }
    const recorded = standIn().functionExecution(id ?? '');
    expect(recorded?.state).not.toBe('running');
    await panel.locator(`li.run[data-run="${id}"][data-state="${recorded?.state}"]`).waitFor();
    if (recorded?.state === 'completed') {
      const outputs = await shown.locator('.run-outputs').textContent();
      expect(outputs).toContain('Say/do ratio');
      expect(outputs).toContain(JSON.stringify(recorded.outputs?.ratio));
      expect(outputs).toContain(`Kept${JSON.stringify(recorded.outputs?.kept)}`);
    } else {
      await expect(shown.locator('.run-error').textContent()).resolves.toBe(recorded?.error);
    }
    await screenshot(page, 'shortcuts-04-step-run');

    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await expect(
      page.getByRole('button', { name: 'Workflow steps' }).evaluate((el) => el === document.activeElement),
    ).resolves.toBe(true);
  });
});
