// The page types of a built site the browser tests visit, and axe-core.
import fs from 'node:fs';
import path from 'node:path';
import { repo } from './harness.mjs';

/** One page of each type: [name, path]. The department is the first listed. */
export function pageTypes(site) {
  const departments = fs.readdirSync(path.join(site, 'departments')).filter((f) => f !== 'index.html').sort();
  const firstMeasure = fs.readdirSync(path.join(site, 'measures')).sort()[0];
  return [
    ['top', 'index.html'],
    ['basic policy', 'policies/1.html'],
    ['measure', `measures/${firstMeasure}`],
    ['measure finder', 'measures.html'],
    ['departments', 'departments/index.html'],
    ['department', `departments/${departments[0]}`],
    ['data/about', 'data.html'],
    ['accessibility policy', 'accessibility.html'],
    ['search with results', `search/index.html?q=${encodeURIComponent('いぞんしょう')}`],
    ['404', 'no-such-page.html'],
  ];
}

/** Waits until a page shows what it is about (the search page its results). */
export async function ready(page, name) {
  if (name === 'search with results') await page.locator('.search-result').first().waitFor();
  if (name === 'measure finder') await page.locator('#finder-filters:not([hidden])').waitFor();
}

const AXE = fs.readFileSync(path.join(repo, 'node_modules/axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's violations on the page, one line each with its nodes. Injected
 * through the DevTools protocol, which the page's CSP does not govern. */
export async function axeViolations(page) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }))),
    AXE_TAGS,
  );
  return violations.map((v) => `${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`);
}
