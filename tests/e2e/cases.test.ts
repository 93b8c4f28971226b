/**
 * The rectification loop in a real browser against the real server: a commission member opens
 * a case from 道里区's throttling flag of W34, the district officer signs for it and answers
 * with a file attached, and the case can be closed only once two complete weeks without the
 * flag have been loaded — handed to the running server through the ETL CLI, as a bureau's
 * next files would be. Then, on `npm run demo`'s cases, a red overdue case as leaders see it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signIn, startDemoApp, type RunningApp } from './app';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A signed-in page of its own (its own cookies) that collects console errors. */
async function pageAs(app: RunningApp, who: 'commission' | 'daoli', width = 1440) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, app, who);
  return { page, errors };
}

const state = (page: Page) => page.locator('.case-summary [data-testid=case-state]').textContent();

describe('a case from flag to closed, the data deciding', () => {
  let app: RunningApp;
  beforeAll(async () => {
    // Window data up to Sunday 13 September 2020: W36 is the latest complete week.
    app = await startDemoApp({ windowUntil: '2020-09-13' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('is opened by the commission, answered by the district, and closed after two clean weeks', async () => {
    const commission = await pageAs(app, 'commission');
    const c = commission.page;
    await c.goto(`${app.url}/flags?week=2020-W34&district=230102&type=ticket_throttling`);
    const flag = c.locator('[data-testid=flag][data-type=ticket_throttling]');
    await flag.locator('[data-testid=open-case] summary').click();
    await flag.locator('textarea[name=note]').fill('限号60张，群众连夜排队');
    await Promise.all([
      c.waitForURL(/\/cases\/\d+$/),
      flag.getByRole('button', { name: '下达督办单' }).click(),
    ]);
    const caseUrl = c.url();
    expect(await c.locator('[data-testid=case-heading]').textContent()).toContain('道里区');
    await expect.poll(() => state(c)).toBe('待签收');

    // The flag now says it is in a case, and links there.
    await c.goto(`${app.url}/flags?week=2020-W34&district=230102&type=ticket_throttling`);
    const inCase = c.locator(
      '[data-testid=flag][data-type=ticket_throttling] [data-testid=in-case]',
    );
    expect(await inCase.textContent()).toContain('待签收');

    // The district officer finds it in their inbox, signs for it and answers.
    const officer = await pageAs(app, 'daoli');
    const o = officer.page;
    await o.goto(`${app.url}/cases`);
    expect(await o.locator('h1').textContent()).toBe('本区县的整改事项');
    await Promise.all([
      o.waitForURL(caseUrl),
      o.locator('[data-testid=case-row] a').first().click(),
    ]);
    await Promise.all([
      o.waitForURL(/done=acknowledge/),
      o.getByRole('button', { name: '签收' }).click(),
    ]);
    await expect.poll(() => state(o)).toBe('整改中');
    await o.locator('textarea[name=measures]').fill('9月7日起恢复全量放号，公开每日号源');
    await o.locator('input[name=responded_on]').fill('2020-09-06');
    await o.locator('input[name=files]').setInputFiles({
      name: '整改报告.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% rectification report\n%%EOF\n'),
    });
    await Promise.all([
      o.waitForURL(/done=respond/),
      o.getByRole('button', { name: '反馈整改情况' }).click(),
    ]);
    await expect.poll(() => state(o)).toBe('已反馈');
    expect(await o.locator('[data-testid=case-files]').textContent()).toContain('整改报告.pdf');

    // The commission starts verifying; the data does not yet allow closing.
    await c.goto(caseUrl);
    await Promise.all([
      c.waitForURL(/done=verify/),
      c.getByRole('button', { name: '开始核验' }).click(),
    ]);
    await expect.poll(() => state(c)).toBe('核验中');
    const close = c.getByRole('button', { name: '核验销号' });
    expect(await close.isDisabled()).toBe(true);
    expect(await c.locator('[data-testid=close-blocked]').textContent()).toContain('目前 0 周');

    // Two more weeks of data arrive; each complete week without the flag counts.
    app.loadWindowDays('2020-09-14', '2020-09-20');
    await c.reload();
    expect(await c.locator('[data-testid=close-blocked]').textContent()).toContain('目前 1 周');
    app.loadWindowDays('2020-09-21', '2020-09-27');
    await c.reload();
    expect(await close.isDisabled()).toBe(false);
    await Promise.all([c.waitForURL(/done=close/), close.click()]);
    await expect.poll(() => state(c)).toBe('已销号');
    expect(await c.locator('[data-testid=case-weeks]').textContent()).toContain('2020-W39');
    const steps = () =>
      c
        .locator('[data-testid=case-timeline] > li')
        .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-action')));
    await expect.poll(steps).toEqual(['open', 'acknowledge', 'respond', 'verify', 'close']);

    expect(commission.errors).toEqual([]);
    expect(officer.errors).toEqual([]);
  });
});

describe('the demo cases', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startDemoApp({ demoCases: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('show a red overdue case on the ledger, its card and its count, at 1440 and 768 px', async () => {
    for (const width of [1440, 768]) {
      const { page, errors } = await pageAs(app, 'commission', width);
      await page.goto(`${app.url}/cases`);
      expect(
        Number(await page.locator('[data-testid=kpi-red]').textContent()),
      ).toBeGreaterThanOrEqual(1);
      await Promise.all([
        page.waitForURL(/warning=red/),
        page.getByRole('link', { name: /红牌超期/ }).click(),
      ]);
      const rows = page.locator('[data-testid=case-row]');
      expect(await rows.count()).toBeGreaterThanOrEqual(1);
      const cards = await rows
        .locator('[data-testid=case-warning]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-warning')));
      expect(new Set(cards)).toEqual(new Set(['red']));
      await Promise.all([page.waitForURL(/\/cases\/\d+$/), rows.first().locator('a').click()]);
      expect(
        await page.locator('.case-summary [data-testid=case-warning]').textContent(),
      ).toContain('红牌超期');
      expect(errors).toEqual([]);
    }
  });
});
