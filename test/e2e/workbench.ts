// The packaged extension in code-server, opened in Chromium: what every end-to-end suite starts with, and the
// moves a person makes in the workbench (the command palette, Quick Open, answering a quick input).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

export interface Editor {
  CHROMIUM_LAUNCH: LaunchOptions;
  ROOT: string;
  packageExtension(): string;
  packageWebExtension(): string;
  installIntoCodeServer(vsix: string, extensionsDir: string): void;
  startCodeServer(o: { folder: string; userDataDir: string; extensionsDir: string }): Promise<CodeServer>;
}

interface CodeServer {
  child: { kill(): void };
  url: string;
  log(): string;
}

/** scripts/editor.mjs: installs code-server and Chromium on first use, packages and installs the VSIX. */
export async function loadEditor(): Promise<Editor> {
  return (await import(path.join(__dirname, '..', '..', 'scripts', 'editor.mjs'))) as Editor;
}

/** User settings that keep the workbench quiet and the same from run to run. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'editor.minimap.enabled': false,
  'window.zoomLevel': 0,
};

export interface WorkbenchOptions {
  editor: Editor;
  /** A scratch folder of the suite's: user data and extensions go below it. */
  tmp: string;
  /** The workspace folder code-server opens (a copy, never the repository's own files). */
  folder: string;
  /** Settings on top of the quiet ones. */
  settings?: Record<string, unknown>;
  /** Where screenshots go, failures' included. */
  shots: string;
  /** The VSIX to install: the packaged extension unless said otherwise. */
  vsix?: () => string;
}

export class Workbench {
  private constructor(
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly page: Page,
    readonly vsix: string,
    private readonly shots: string,
  ) {}

  static async open(o: WorkbenchOptions): Promise<Workbench> {
    const userDataDir = path.join(o.tmp, 'user-data');
    mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    writeFileSync(
      path.join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ ...QUIET_SETTINGS, ...o.settings }),
    );
    const extensionsDir = path.join(o.tmp, 'extensions');
    const vsix = (o.vsix ?? (() => o.editor.packageExtension()))();
    o.editor.installIntoCodeServer(vsix, extensionsDir);
    const server = await o.editor.startCodeServer({ folder: o.folder, userDataDir, extensionsDir });
    const browser = await chromium.launch(o.editor.CHROMIUM_LAUNCH);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(30_000);
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    return new Workbench(server, browser, page, vsix, o.shots);
  }

  async close(): Promise<void> {
    await this.browser.close();
    this.server.child.kill();
  }

  async shot(name: string): Promise<void> {
    mkdirSync(this.shots, { recursive: true });
    await this.page.screenshot({ path: path.join(this.shots, `${name}.png`) });
  }

  /** Polls `check` until it holds; otherwise fails with a screenshot and the end of code-server's log. */
  async assertEventually(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    await this.shot(`failed-${what.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
    assert.fail(`${what}: not reached within ${timeoutMs} ms\n${this.server.log().slice(-2000)}`);
  }

  /** Runs a command from the palette by its title (`>Team SRE: …`). */
  async runCommand(title: string): Promise<void> {
    const { page } = this;
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(title);
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^>/, '') })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
  }

  /** Opens a workspace file with Quick Open and waits for its tab. */
  async openFile(name: string): Promise<void> {
    const { page } = this;
    // Leave whatever widget has the focus (a hover, a panel) before Quick Open.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(name);
    // Wait for the search result, not the list of recent files shown before it.
    await page
      .locator('.quick-input-list .monaco-list-row.focused', { hasText: path.basename(name) })
      .waitFor();
    await page.keyboard.press('Enter');
    await page
      .locator('.tab.active', { hasText: path.basename(name) })
      .waitFor()
      .catch(async (err: unknown) => {
        await this.shot(`failed-open-${path.basename(name)}`);
        throw err;
      });
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Puts an answer, whole, into the open quick input (replacing what is there), and checks it is there. */
  async answer(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    await input.fill(text);
    await this.assertEventually(async () => (await input.inputValue()) === text, `the answer ${text}`);
  }
}
