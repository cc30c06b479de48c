// Checks partnercheck's HTML reports as a reader's browser shows them:
// axe-core's WCAG 2.2 A and AA rules, and reflow at 320 CSS px (WCAG 1.4.10).
//
//   node tests/axe/run-axe.mjs REPORT.html...
//
// prints one JSON object on standard output: for each file, the axe
// violations (rule id, impact, help, and the first nodes' selectors) and the
// page's document.scrollWidth at a 320 px wide viewport, with the elements
// that stick out past it.  Chromium is the system's (CHROMIUM, else
// /usr/bin/chromium); puppeteer-core downloads no browser.  Exit 0 when it
// ran (the caller judges the results), 2 when it could not.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const NARROW = 320;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node run-axe.mjs REPORT.html...");
  process.exit(2);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"],
});
const out = {};
try {
  for (const file of files) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
    await page.addScriptTag({ content: AXE });
    const axe = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
      TAGS,
    );
    // Best practice beyond WCAG (empty table headers, landmarks): reported, not judged.
    const advice = await page.evaluate(
      () => window.axe.run(document, { runOnly: { type: "tag", values: ["best-practice"] }, resultTypes: ["violations"] }),
    );
    const violations = axe.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));

    await page.setViewport({ width: NARROW, height: 640 });
    const reflow = await page.evaluate((narrow) => {
      const wide = [];
      for (const el of document.querySelectorAll("body *")) {
        const r = el.getBoundingClientRect();
        if (r.right > narrow + 0.5 && !el.closest("svg *")) {
          wide.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""} right=${Math.round(r.right)}`);
        }
      }
      return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10) };
    }, NARROW);
    out[file] = {
      violations,
      incomplete: axe.incomplete.map((v) => `${v.id} (${v.nodes.length})`),
      best_practice: advice.violations.map((v) => `${v.id} (${v.nodes.length})`),
      ...reflow,
    };
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
