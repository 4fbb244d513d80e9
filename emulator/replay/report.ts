// The replay's report as Markdown, to read in a terminal or attach to an issue: what was replayed,
// each difference with the exchange it came from and the register entries it touches.
import * as path from "node:path";
import type { Difference, ReplayReport } from "./replay";

const KINDS: Difference["kind"][] = ["status", "code", "property", "enum", "timing"];

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function renderReport(report: ReplayReport): string {
  const lines = [
    "# Replay of a recording against the emulator",
    "",
    `- Recording: ${report.files.map((f) => `\`${path.basename(f)}\``).join(", ")}`,
    `- Emulator profile: \`${report.profile}\``,
    `- Exchanges: ${report.exchanges}, replayed ${report.replayed}, skipped ${report.skipped.length}`,
    `- Differences: ${report.differences.length}${report.differences.length ? ` (${KINDS.map((k) => `${k} ${report.differences.filter((d) => d.kind === k).length}`).join(", ")})` : ""}`,
    "",
  ];
  if (!report.differences.length) lines.push("The emulator answered every replayed request as the recording shows.", "");
  else {
    lines.push("## Differences", "", "| where | request | kind | difference | register |", "| --- | --- | --- | --- | --- |");
    for (const d of report.differences) {
      const register = d.register.length ? d.register.map((r) => `${r.id} (${r.evidence})`).join(", ") : "none: not in the register";
      lines.push(`| ${path.basename(d.file)}:${d.line} | ${cell(`${d.method} ${d.path}`)} | ${d.kind} | ${cell(d.says)} | ${cell(register)} |`);
    }
    lines.push("");
  }
  if (report.skipped.length) {
    lines.push("## Not replayed", "");
    for (const s of report.skipped) lines.push(`- ${path.basename(s.file)}:${s.line}: ${s.why}`);
    lines.push("");
  }
  return lines.join("\n");
}
