// The resource reference under docs/resources/ is what the schema the plugin serves says: each page
// checked in is the page `npm run docs:resources` generates now, and no page is left for a kind
// that no longer exists.
import * as fs from "node:fs";
import * as path from "node:path";
import { resourcePages } from "../../scripts/resource-docs";
import { repoRoot } from "../../scripts/pulumi-env";

const dir = path.join(repoRoot, "docs", "resources");

test("every page is as generated from the schema (run `npm run docs:resources` after changing it)", () => {
  const pages = resourcePages();
  expect(Object.keys(pages).length).toBeGreaterThan(9);
  const stale = Object.entries(pages)
    .filter(([name, text]) => !fs.existsSync(path.join(dir, name)) || fs.readFileSync(path.join(dir, name), "utf8") !== text)
    .map(([name]) => name);
  expect(stale).toEqual([]);
  expect(fs.readdirSync(dir).filter((f) => !(f in pages))).toEqual([]);
});
