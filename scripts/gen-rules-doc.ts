// Writes docs/rules.md from the rule definitions; with --stdout prints it (CI compares it with the file).
import fs from 'node:fs';
import path from 'node:path';
import { catalogue, catalogueRevision, ruleTexts } from '@memfleet/rules';

function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function render(): string {
  const out: string[] = [
    '# memfleet rules',
    '',
    `Generated from \`libs/rules/src/catalogue\` by \`npm run docs:rules\` — do not edit by hand. Catalogue revision \`${catalogueRevision}\`.`,
    '',
    'Every rule returns, per subject (a process, or the host for host-level results), one of four outcomes: `hit` with a severity',
    '(`critical`, `warning`, `info`), `pass`, `not-applicable` (the runtime is absent) or `not-evaluated` (facts are missing; the result',
    'names them and what would supply them). Thresholds are defaults an admin can change (`PUT /api/v1/rules/:id/thresholds`); every',
    'result records the thresholds it used. The explanations and severity logic below quote the defaults; the rule page and',
    '`GET /api/v1/rules` quote the values in force. Sizes in summaries and remediation texts are binary units with two decimals (KiB, MiB,',
    'GiB, TiB: 2,101,248,000 bytes reads 1.96 GiB); evidence carries the exact byte counts. A step that `fixes` removes the host’s cause on',
    'its own; one that `mitigates` lowers the risk or buys time; one that `diagnoses` finds the cause and changes nothing. A part the agent does not know is written in capitals (`UNIT`), the',
    'step says what to put there, and the rendered step is marked `template: true`.',
    '',
    '| Rule | Version | Applies to | Remediation keys |',
    '| --- | --- | --- | --- |',
    ...catalogue.map((r) => `| [\`${r.id}\`](#${r.id}) | ${r.version} | ${r.appliesTo} | ${r.remediationKeys.map((k) => `\`${k}\``).join(', ')} |`),
    '',
  ];
  for (const r of catalogue) {
    const texts = ruleTexts.render(r.id);
    out.push(
      `## ${r.id}`,
      '',
      `**${r.title}** — version ${r.version}, per ${r.appliesTo}.`,
      '',
      texts.explanation,
      '',
      `**Severity logic (hit).** ${texts.severityLogic}`,
      '',
    );
    out.push(`**Pass.** ${r.outcomes.pass}`, '', `**Not applicable.** ${r.outcomes.notApplicable}`, '', `**Not evaluated.** ${r.outcomes.notEvaluated}`, '');
    out.push('**Facts read.**', '', ...r.facts.map((f) => `- \`${f}\``), '');
    out.push(`**Inputs** (the typed facts the engine hands the rule; it reads no other). ${r.inputs.map((k) => `\`${k}\``).join(', ')}.`, '');
    if (r.thresholds.length) {
      out.push(
        '**Thresholds.**',
        '',
        '| Name | Default | Unit | Meaning |',
        '| --- | --- | --- | --- |',
        ...r.thresholds.map((t) => `| \`${t.name}\` | ${t.default} | ${t.unit} | ${cell(t.description)} |`),
        '',
      );
    }
    out.push(
      '**Remediation** (templates; `{name}` is filled with the host’s values; the rule offers only the steps that can work on the host).',
      '',
      '| Key | Step | Effect | Source |',
      '| --- | --- | --- | --- |',
    );
    for (const k of r.remediationKeys) {
      const t = r.remediationTemplates[k];
      out.push(`| \`${k}\` | ${cell(t.title)} | ${t.effect} | [link](${t.source}) |`);
    }
    out.push('', '**Sources.**', '', ...r.sources.map((s) => `- [${s.title}](${s.url})`), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const text = render();
if (process.argv.includes('--stdout')) process.stdout.write(text);
else {
  const file = path.join(repoRoot(), 'docs/rules.md');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`docs/rules.md: ${catalogue.length} rules`);
}
