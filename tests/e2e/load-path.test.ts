import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startDemoApp, TSX, type RunningApp } from './app';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startDemoApp();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the demo city, loaded through the real ETL and served', () => {
  it('lists the loaded districts in Chinese, then in English after the switch, with no console errors', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(app.url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('已导入的区县');
    const rows = page.locator('[data-testid=districts] tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(16);
    expect(await page.locator('[data-testid=districts]').textContent()).toContain('道里区');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Loaded districts');
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('takes a batch from `npm run etl` while it owns the database, and keeps answering meanwhile', async () => {
    const extra = join(app.dir, 'extra-districts.csv');
    writeFileSync(
      extra,
      'district_code,district_name,level,parent_code\n230199,新区,district,230100\n',
    );
    const during = fetch(app.url).then((r) => r.status);
    const etl = spawnSync(TSX, ['etl/cli.ts', extra], { env: app.env, encoding: 'utf8' });
    expect(etl.status).toBe(0);
    expect(etl.stderr).toContain('handing the batch to it');
    expect(etl.stdout).toContain('新增/inserted 1');
    expect(await during).toBe(200);
    const html = await (await fetch(app.url)).text();
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
});
