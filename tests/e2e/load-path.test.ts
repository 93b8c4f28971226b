import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLANTED } from '../../etl/demo/planted';
import { launchChromium, signIn, startDemoApp, TSX, type RunningApp } from './app';

/** The demo's default week (2020-W52) is quiet; throttling was planted in W30–W36. */
const THROTTLED_WEEK = '2020-W34';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startDemoApp();
  browser = await launchChromium();
});

/** A GET with the commission's API token, as a script would send it. */
const get = (path: string) =>
  fetch(`${app.url}${path}`, { headers: { Authorization: `Bearer ${app.token}` } });

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the demo city, loaded through the real ETL and served', () => {
  it('walks from the overview to the planted throttling district, its evidence and the flags CSV, with no console errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));

    // Signed out, the dashboard sends people to the sign-in page, in Chinese.
    await page.goto(app.url);
    await page.waitForURL(/\/login/);
    expect(await page.locator('h1').textContent()).toBe('登录');
    await signIn(page, app, 'commission');

    // The overview, in Chinese, on the latest complete week.
    await page.goto(app.url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('本期总览');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    const rows = page.locator('[data-testid=league-row]');
    expect(await rows.count()).toBeGreaterThanOrEqual(16);
    expect(await page.locator('[data-testid=league]').textContent()).toContain('道里区');
    expect(await page.locator('[data-testid=kpi-online_rate]').textContent()).toMatch(/\d+ \/ \d+/);

    // A week the demo planted throttling in, chosen through the week picker (a GET form).
    await page.locator('input[name=week]').fill(THROTTLED_WEEK);
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(new RegExp(`week=${THROTTLED_WEEK}`));
    await expect.poll(() => page.locator('.page-head').textContent()).toContain(THROTTLED_WEEK);
    const codes = await rows.evaluateAll((trs) =>
      trs.map((tr) => tr.getAttribute('data-district')),
    );
    const place = codes.indexOf(PLANTED.throttling.district);
    expect(place).toBeGreaterThanOrEqual(codes.length - 3);
    // Statuses are words with an icon, not colour alone.
    expect(await rows.nth(place).textContent()).toContain('✗ 未达标');
    expect(await page.locator('[data-testid=flag-summary]').textContent()).toContain('限号');
    await expect.poll(() => page.locator('[data-echarts-instance]').count()).toBe(1);

    // Its page: the charts drawn, a flag's evidence opened down to the day.
    await rows.nth(place).getByRole('link', { name: '道里区' }).click();
    await page.waitForURL(new RegExp(`/districts/${PLANTED.throttling.district}`));
    await expect.poll(() => page.locator('h1').textContent()).toContain('道里区');
    await expect.poll(() => page.locator('[data-echarts-instance]').count()).toBe(5);
    expect(await page.locator('[data-testid=district-rank]').textContent()).toMatch(
      /第 (\d+) \/ \1 名/,
    );
    // The average wait has numbers but no target in the demo: said so, not "no data".
    const wait = page.locator('li.metric', { hasText: '平均等候' });
    expect(await wait.textContent()).toContain('未设目标');
    expect(await wait.textContent()).not.toContain('无数据');
    const throttling = page.locator('[data-testid=flag][data-type=ticket_throttling]');
    await throttling.locator('summary').click();
    expect(await throttling.locator('details').getAttribute('open')).not.toBeNull();
    const days = throttling.locator('.evidence table tbody tr');
    expect(await days.count()).toBeGreaterThanOrEqual(3);
    expect(await throttling.locator('.evidence').textContent()).toContain('2020年8月');

    // English, on the same page.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('[data-testid=district-rank]').textContent()).toMatch(
      /Rank (\d+) of \1/,
    );
    await expect.poll(() => page.locator('[data-echarts-instance]').count()).toBe(5);

    // The flags of that week, downloaded as CSV for Excel.
    await page.getByRole('navigation').getByRole('link', { name: 'Flags' }).click();
    await page.waitForURL(new RegExp(`/flags\\?week=${THROTTLED_WEEK}`));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Flags');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=download-csv]').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`flags_${THROTTLED_WEEK}.csv`);
    const csv = readFileSync((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8');
    expect(text).toContain('Type,Severity,District code,District');
    expect(text).toContain(`Ticket throttling,High,${PLANTED.throttling.district},道里区`);

    // The throttling flag's evidence package: a PDF a reader's software can read, with the
    // rule, the numbers and the hashes of the files they came from.
    const flag = page
      .locator(`[data-testid=flag][data-type=ticket_throttling]`)
      .filter({ hasText: '道里区' })
      .first();
    const [evidence] = await Promise.all([
      page.waitForEvent('download'),
      flag.locator('[data-testid=evidence-links] a').first().click(),
    ]);
    expect(evidence.suggestedFilename()).toMatch(/\.pdf$/);
    const pdf = (await evidence.path())!;
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const words = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(words).toContain('Ticket throttling');
    expect(words).toMatch(/Rule/);
    expect(words).toMatch(/\b[0-9a-f]{64}\b/);

    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('answers a malformed week with a 400 page and an unknown district with a 404, in Chinese', async () => {
    const page = await browser.newPage();
    await signIn(page, app, 'commission');
    const bad = await page.goto(`${app.url}/?week=2020-W99`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('[data-testid=error]').textContent()).toContain('W99');
    const missing = await page.goto(`${app.url}/districts/999999`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('[data-testid=error]').textContent()).toContain(
      '找不到区划代码为 999999 的区县',
    );
    await page.close();
  });

  it('keeps district names whole at 768 px: the league table scrolls instead of squeezing them', async () => {
    const page = await browser.newPage({ viewport: { width: 768, height: 1024 } });
    await signIn(page, app, 'commission');
    await page.goto(`${app.url}/?week=${THROTTLED_WEEK}`);
    const names = page.locator('[data-testid=league-row] th a');
    expect(await names.count()).toBeGreaterThan(10);
    const lineHeight = await names
      .first()
      .evaluate((a) => parseFloat(getComputedStyle(a).lineHeight) || 20);
    for (const box of await names.evaluateAll((links) =>
      links.map((a) => a.getBoundingClientRect().height),
    )) {
      expect(box).toBeLessThan(1.6 * lineHeight);
    }
    const scroll = await page
      .locator('.league')
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(scroll.scroll).toBeGreaterThan(scroll.client);
    await page.close();
  });

  it('answers an unknown address with a Chinese 404 inside the page at 1440 and 768 px, and logs it as one line', async () => {
    for (const width of [1440, 768]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await signIn(page, app, 'commission');
      const response = await page.goto(`${app.url}/no-such-page-${width}`);
      expect(response?.status()).toBe(404);
      const error = page.locator('[data-testid=error]');
      expect(await error.textContent()).toContain('没有这个地址的页面');
      expect(await error.textContent()).not.toContain('No route matches');
      expect(await error.isVisible()).toBe(true);
      // The navigation is still there, and a way back.
      expect(await page.locator('nav.nav a').count()).toBeGreaterThan(1);
      expect(await page.locator('nav.nav a').first().isVisible()).toBe(true);
      expect(await error.locator('a[href="/"]').count()).toBe(1);
      await expect.poll(() => app.output()).toContain(`404 GET /no-such-page-${width}`);
      await page.close();
    }
    expect(app.output()).not.toMatch(/No route matches URL[^\n]*\n\s+at /);
  });

  it('opens on what needs attention at 1440 and 768 px: the worst district on the first screen, ties sharing a rank', async () => {
    for (const width of [1440, 768]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await signIn(page, app, 'commission');
      await page.goto(`${app.url}/?week=${THROTTLED_WEEK}`);
      const bottom = page.locator('[data-testid=attention-bottom] li').first();
      expect(await bottom.textContent()).toContain('道里区');
      expect(await bottom.textContent()).toMatch(/第 (\d+) \/ \1 名/);
      expect(await bottom.textContent()).toMatch(/高风险预警 \d+ 条/);
      // On the first screen, without scrolling.
      const box = (await bottom.boundingBox())!;
      expect(box.y + box.height).toBeLessThan(900);
      for (const list of ['new', 'persisting', 'resolved']) {
        expect(await page.locator(`[data-testid=attention-${list}] h3`).isVisible()).toBe(true);
      }
      expect(
        await page.locator('[data-testid=attention-persisting] li', { hasText: '道里区' }).count(),
      ).toBeGreaterThan(0);

      // The league table: equal scores share a rank and the next rank skips ("1, 1, 3").
      const ranks = await page
        .locator('[data-testid=league-row] td.rank strong')
        .evaluateAll((cells) => cells.map((c) => Number(c.textContent)));
      expect(new Set(ranks).size).toBeLessThan(ranks.length);
      ranks.forEach((rank) => expect(rank).toBe(ranks.indexOf(rank) + 1));

      if (width === 768) {
        // Scrolled sideways, the district column stays where it is and readable.
        const name = page.locator('[data-testid=league-row] th a').first();
        const before = (await name.boundingBox())!;
        await page.locator('.league').evaluate((el) => el.scrollBy({ left: 400 }));
        await expect.poll(async () => (await name.boundingBox())!.x).toBe(before.x);
        expect(await name.isVisible()).toBe(true);
      }

      await bottom.getByRole('link').click();
      await page.waitForURL(
        new RegExp(`/districts/${PLANTED.throttling.district}\\?week=${THROTTLED_WEEK}`),
      );
      await page.close();
    }
  });

  it('shows a district officer the city rank of their district at 1440 and 768 px, and no other district', async () => {
    const names = await (async () => {
      const page = await browser.newPage();
      await signIn(page, app, 'commission');
      await page.goto(`${app.url}/?week=${THROTTLED_WEEK}`);
      const all = await page.locator('[data-testid=league-row] th a').allTextContents();
      await page.close();
      return all.filter((n) => n !== '道里区');
    })();
    expect(names.length).toBeGreaterThan(10);
    for (const width of [1440, 768]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await signIn(page, app, 'daoli');
      await page.goto(`${app.url}/?week=${THROTTLED_WEEK}`);
      const rank = page.locator('[data-testid=league-row] td.rank');
      expect(await rank.textContent()).toMatch(
        new RegExp(`^${names.length + 1} / ${names.length + 1}`),
      );
      expect(await page.locator('[data-testid=attention-bottom]').textContent()).toContain(
        `第 ${names.length + 1} / ${names.length + 1} 名`,
      );
      const text = (await page.locator('main').textContent())!;
      for (const other of names) expect(text).not.toContain(other);
      await page.goto(`${app.url}/districts/230102?week=${THROTTLED_WEEK}`);
      expect(await page.locator('[data-testid=district-rank]').textContent()).toContain(
        `第 ${names.length + 1} / ${names.length + 1} 名`,
      );
      await page.close();
    }
  });

  it('serves Chinese pages without the NUL bytes React 18 leaks at stream buffer edges', async () => {
    for (const path of [`/?week=${THROTTLED_WEEK}`, `/districts/230102?week=${THROTTLED_WEEK}`]) {
      const bytes = new Uint8Array(await (await get(path)).arrayBuffer());
      expect(bytes.length).toBeGreaterThan(20_000);
      expect(bytes.indexOf(0), path).toBe(-1);
    }
  });

  it('takes a batch from `npm run etl` while it owns the database, and keeps answering meanwhile', async () => {
    const extra = join(app.dir, 'extra-districts.csv');
    writeFileSync(
      extra,
      'district_code,district_name,level,parent_code\n230199,新区,district,230100\n',
    );
    const during = get('/').then((r) => r.status);
    const etl = spawnSync(TSX, ['etl/cli.ts', extra], { env: app.env, encoding: 'utf8' });
    expect(etl.status).toBe(0);
    expect(etl.stderr).toContain('handing the batch to it');
    expect(etl.stdout).toContain('新增/inserted 1');
    expect(await during).toBe(200);
    const html = await (await get('/')).text();
    expect(html).toContain('新区');
  });

  it('shows a bad file’s row errors from the CLI and loads nothing through the server', async () => {
    const bad = join(app.dir, 'bad.csv');
    writeFileSync(bad, 'district_code,district_name,level\n2301,短码,district\n');
    const etl = spawnSync(TSX, ['etl/cli.ts', bad], { env: app.env, encoding: 'utf8' });
    expect(etl.status).toBe(1);
    expect(etl.stdout).toContain('bad.csv:2 [district_code] "2301"');
    expect(etl.stdout).not.toMatch(/at .*\.ts:\d+/);
  });

  it('takes a batch handed over with a data officer’s token, and refuses a reader’s', async () => {
    const extra = join(app.dir, 'extra-districts-2.csv');
    writeFileSync(
      extra,
      'district_code,district_name,level,parent_code\n230198,临港区,district,230100\n',
    );
    const asReader = spawnSync(TSX, ['etl/cli.ts', extra], {
      env: { ...app.env, OVERSIGHT_TOKEN: app.token },
      encoding: 'utf8',
    });
    expect(asReader.status).toBe(1);
    expect(asReader.stdout + asReader.stderr).toContain('无权导入数据');
    const asOfficer = spawnSync(TSX, ['etl/cli.ts', extra], {
      env: { ...app.env, OVERSIGHT_TOKEN: app.dataToken },
      encoding: 'utf8',
    });
    expect(asOfficer.status).toBe(0);
    expect(asOfficer.stdout).toContain('新增/inserted 1');
    expect(await (await get('/')).text()).toContain('临港区');
  });

  it('shows a district officer their own district and nothing else, on every road out', async () => {
    const page = await browser.newPage();
    await signIn(page, app, 'daoli');
    await page.goto(`${app.url}/?week=${THROTTLED_WEEK}`);
    const codes = await page
      .locator('[data-testid=league-row]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-district')));
    expect(codes).toEqual(['230102']);
    expect(await page.locator('main').textContent()).not.toContain('南岗区');
    const other = await page.goto(`${app.url}/districts/230103?week=${THROTTLED_WEEK}`);
    expect(other?.status()).toBe(403);
    const csv = await page.goto(`${app.url}/flags.csv?week=${THROTTLED_WEEK}&district=230103`);
    expect(csv?.status()).toBe(403);
    await page.close();
    // Scripts without a token are turned away with 401, not a login page.
    expect((await fetch(`${app.url}/api/scorecard?week=${THROTTLED_WEEK}`)).status).toBe(401);
  });

  // Last: it changes the demo's data (the workbook's 17–18 August rows replace the demo's).
  it('takes an Excel workbook on the upload page: a dry run says what it assumed, then it loads', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const consoleErrors: string[] = [];
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await signIn(page, app, 'data');
    await page.goto(`${app.url}/data/upload`);
    await page.setInputFiles('input[name=files]', 'tests/fixtures/quirks/workbook.xlsx');
    await page.getByRole('button', { name: '检查（试运行）' }).click();
    const files = page.locator('[data-testid=upload-files]');
    await expect
      .poll(() => files.textContent(), { timeout: 15_000 })
      .toContain('workbook.xlsx#8月');
    expect(await files.textContent()).toContain('已跳过的工作表');
    const notes = await page.locator('[data-testid=upload-notes]').textContent();
    expect(notes).toContain('已跳过表头前的第 1 行（标题或说明）');
    expect(notes).toContain('第 2–3 行的两行表头已合并读取');
    expect(notes).toContain('已跳过合计、备注或签名行，未作为数据导入：第 9, 11 行');
    await page.getByRole('button', { name: '确认导入' }).click();
    await expect
      .poll(() => page.locator('main').textContent(), { timeout: 15_000 })
      .toMatch(/已导入|无变化/);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
