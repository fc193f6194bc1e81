// Drives Neo4j Browser as a person would, in Debian's headless Chromium:
// connect to Bolt, set a parameter with :param, paste a saved report, run it, count result rows,
// save a screenshot. Prints one JSON line: {"rows": N, "columns": [...], "screenshot": PATH}.
//
// usage: node browser.mjs BROWSER_URL BOLT_URI USER PASSWORD CYPHER_FILE SCREENSHOT COMMAND...
// Each COMMAND (":param name => ...") runs in its own frame before the query.
// (the password may instead come from NEO4J_PASSWORD, with "-" as the argument)
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [browserUrl, boltUri, user, passwordArg, cypherFile, screenshot, ...commands] = process.argv.slice(2);
const password = passwordArg === "-" ? process.env.NEO4J_PASSWORD : passwordArg;
const cypher = readFileSync(cypherFile, "utf8");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const step = (what) => process.stderr.write(`browser test: ${what}\n`);

const browser = await chromium.launch({
  executablePath,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(Number(process.env.BROWSER_TEST_TIMEOUT_MS || 60000));
  page.on("pageerror", (e) => step(`page error: ${e.message}`));

  step(`open ${browserUrl}`);
  await page.goto(browserUrl);

  // The connect form (":server connect"), pre-filled from the discovery document.
  step("connect");
  const address = page.locator('[data-testid="boltaddress"]');
  await address.waitFor();
  await address.fill(boltUri.replace(/^[a-z+]+:\/\//, ""));
  const scheme = page.locator('[data-testid="bolt-scheme-select"]');
  if (await scheme.count()) {
    await scheme.selectOption(boltUri.split("://")[0] + "://").catch(() => {});
  }
  await page.locator('[data-testid="username"]').fill(user);
  await page.locator('[data-testid="password"]').fill(password);
  await page.locator('[data-testid="connect"]').click();
  await page.locator('[data-testid="frame"]', { hasText: "You are connected as user" }).first().waitFor();

  // Monaco auto-closes quotes and brackets when typed, so text goes in by a paste event, as a
  // person pasting from the file would do.
  const editor = page.locator('[data-testid="activeEditor"] textarea, #monaco-main-editor textarea').first();
  const paste = async (text) => {
    await editor.focus();
    await editor.evaluate((el, t) => {
      const data = new DataTransfer();
      data.setData("text/plain", t);
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  };
  const run = async () => {
    await editor.focus();
    await page.keyboard.press("Control+Enter");
  };
  const frames = page.locator('[data-testid="frame"]');

  let before;
  for (const command of commands) {
    step(command);
    before = await frames.count();
    await paste(command);
    await run();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="frame"]').length > n, before);
    await frames.first().getByText("Successfully set your parameters").waitFor();
  }

  step(`run ${cypherFile}`);
  before = await frames.count();
  await paste(cypher);
  await run();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="frame"]').length > n, before);
  const frame = frames.first();  // newest frame on top
  await frame.getByText(/Started streaming \d+ records?/).first().waitFor();
  const tableButton = frame.locator('[data-testid="cypherFrameSidebarTable"]');
  if (await tableButton.count()) await tableButton.click();
  const status = await frame.getByText(/Started streaming \d+ records?/).first().innerText();
  const rows = Number(status.match(/streaming (\d+) record/)[1]);
  const columns = await frame.locator("table thead th, [role=columnheader]").allInnerTexts();
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ rows, columns, screenshot, status }));
} catch (e) {
  const pages = browser.contexts().flatMap((c) => c.pages());
  if (pages.length) await pages[0].screenshot({ path: screenshot.replace(/\.png$/, ".failed.png") });
  throw e;
} finally {
  await browser.close();
}
