// The package's version: the nearest package.json above this file (the clone, or the installed package).
import * as fs from "node:fs";
import * as path from "node:path";

export const VERSION: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
})();
