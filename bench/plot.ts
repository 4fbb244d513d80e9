// A Vega-Lite chart as SVG text, rendered headless (vega's "none" renderer).
// vega and vega-lite ship only ES modules with top-level await: they are loaded with a real dynamic
// import, which TypeScript's CommonJS output would otherwise turn into require().
const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<any>;

export async function vegaLiteSvg(spec: object): Promise<string> {
  const [vega, vegaLite] = await Promise.all([importEsm("vega"), importEsm("vega-lite")]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
