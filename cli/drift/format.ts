// The drift report in three forms: text for a terminal, Markdown for a job summary or a
// pull-request comment, JSON for other tools. All three say the same things.
import type { ResourceDrift } from "./preview";
import type { UndeclaredObject } from "./undeclared";

export type Format = "text" | "markdown" | "json";
export const FORMATS: readonly Format[] = ["text", "markdown", "json"];

export interface DriftReport {
  stack: string;
  resources: ResourceDrift[];
  undeclared: UndeclaredObject[];
  /** Tenant id → "alias (name)" where known, to name tenants in the report. */
  names: Record<string, string>;
}

export const hasDrift = (r: DriftReport) => r.resources.length > 0 || r.undeclared.length > 0;

const WHAT_UP_DOES: Record<ResourceDrift["change"], string> = {
  update: "`pulumi up --refresh` sets it back",
  replace: "`pulumi up --refresh` replaces it",
  create: "gone from Graph; `pulumi up --refresh` creates it again",
  delete: "no longer declared; `pulumi up` deletes it",
};
const KINDS: Record<UndeclaredObject["kind"], string> = {
  member: "member of the organization",
  partner: "partner configuration",
  userSync: "user synchronization policy",
  configuration: "synchronization configuration",
};

const value = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v));
const tenant = (r: DriftReport, id: string) => (r.names[id] ? `${r.names[id]}, ${id}` : id);
const summary = (r: DriftReport) =>
  hasDrift(r)
    ? `Drift in stack ${r.stack}: ${r.resources.length} resource(s) differ from Graph, ${r.undeclared.length} undeclared object(s) in Graph.`
    : `No drift in stack ${r.stack}: Graph holds what the program declares, and nothing undeclared bears on trust.`;

function text(r: DriftReport): string {
  const lines = [summary(r)];
  for (const d of r.resources) {
    lines.push("", `${d.type} ${d.name}: ${WHAT_UP_DOES[d.change]}`);
    for (const p of d.properties) lines.push(`  ${p.path}: declared ${value(p.declared)}, live ${value(p.live)}`);
  }
  if (r.undeclared.length) lines.push("", "In Graph but declared by no resource:");
  for (const u of r.undeclared) lines.push(`  ${u.in}: ${KINDS[u.kind]} toward ${tenant(r, u.tenantId)}: ${u.detail}`);
  return lines.join("\n") + "\n";
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (v: unknown) => (v === undefined ? "*(absent)*" : `\`${cell(JSON.stringify(v))}\``);

function markdown(r: DriftReport): string {
  const lines = [`### Entra MTO drift: ${r.stack}`, "", hasDrift(r) ? `**${summary(r)}**` : `✅ ${summary(r)}`];
  if (r.resources.length) {
    lines.push("", "| Resource | Property | Declared | Live |", "| --- | --- | --- | --- |");
    for (const d of r.resources) {
      const name = `\`${d.name}\` (${d.type}): ${WHAT_UP_DOES[d.change]}`;
      if (!d.properties.length) lines.push(`| ${cell(name)} | | | |`);
      for (const p of d.properties) lines.push(`| ${cell(name)} | \`${cell(p.path)}\` | ${code(p.declared)} | ${code(p.live)} |`);
    }
  }
  if (r.undeclared.length) {
    lines.push("", "**In Graph but declared by no resource**", "", "| In tenant | Object | Toward | What Graph holds |", "| --- | --- | --- | --- |");
    for (const u of r.undeclared) lines.push(`| ${cell(u.in)} | ${KINDS[u.kind]} | ${cell(tenant(r, u.tenantId))} | ${cell(u.detail)} |`);
  }
  return lines.join("\n") + "\n";
}

function json(r: DriftReport): string {
  return JSON.stringify({ stack: r.stack, drift: hasDrift(r), resources: r.resources, undeclared: r.undeclared }, null, 2) + "\n";
}

export function render(r: DriftReport, format: Format): string {
  return format === "markdown" ? markdown(r) : format === "json" ? json(r) : text(r);
}
