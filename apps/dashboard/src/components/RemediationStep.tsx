import type { ReactNode } from 'react';
import type { Remediation } from '../api/types';
import { CopyButton } from './CopyButton';
import { RichText } from './RichText';

const EFFECT = {
  fixes: { mark: '✓', label: 'fixes', meaning: 'Fixes: removes this host’s cause on its own.' },
  mitigates: { mark: '~', label: 'mitigates', meaning: 'Mitigates only: lowers the risk or buys time; the cause stays.' },
  diagnoses: { mark: '?', label: 'diagnoses', meaning: 'Diagnoses: finds the cause; changes nothing on the host by itself.' },
} as const;

/** Whether a step fixes this host's cause or only mitigates it: a labelled badge, its meaning as text for screen readers and on hover. */
export function EffectBadge({ effect }: { effect?: Remediation['effect'] | null }) {
  if (!effect) return null;
  const e = EFFECT[effect];
  return (
    <span className={`badge effect effect-${effect}`} title={e.meaning}>
      <span aria-hidden="true">{e.mark} </span>
      {e.label}
      <span className="sr-only"> — {e.meaning}</span>
    </span>
  );
}

// A template's unknown parts are the words in capitals its text names ("Replace TAG with …", as the rules
// write it), wherever the command holds them, also after ':' (all-in-one:TAG). A step whose text names none
// falls back to capital words standing alone; an environment variable being set (MALLOC_ARENA_MAX=2) or read
// ($HOME) is not one.
const NAMED = /\bReplace ([A-Z][A-Z0-9_]*) with\b/g;
const STANDALONE = /(?<![\w$.{-])[A-Z][A-Z0-9_]*(?![\w={}])/g;

function placeholderPattern(text: string): RegExp {
  const named = [...new Set([...text.matchAll(NAMED)].map((m) => m[1]))];
  return named.length ? new RegExp(`(?<![\\w$])(?:${named.join('|')})(?!\\w)`, 'g') : STANDALONE;
}

/** The placeholders of `command`, in order, each once; `text` is the step's text that says what to put there. */
export function placeholders(command: string, text = ''): string[] {
  return [...new Set(command.match(placeholderPattern(text)) ?? [])];
}

/** A command with a template's placeholders marked, so they read as parts to replace. */
function Command({ command, template, text }: { command: string; template: boolean; text: string }) {
  if (!template) return <pre className="cmd">{command}</pre>;
  const parts: (string | { v: string })[] = [];
  let last = 0;
  for (const m of command.matchAll(placeholderPattern(text))) {
    if (m.index > last) parts.push(command.slice(last, m.index));
    parts.push({ v: m[0] });
    last = m.index + m[0].length;
  }
  parts.push(command.slice(last));
  return (
    <pre className="cmd" aria-label={`Template command: ${command}`}>
      {parts.map((p, i) => (typeof p === 'string' ? p : <var key={i}>{p.v}</var>))}
    </pre>
  );
}

/** One remediation step: title, whether it fixes or mitigates, its text, commands with copy buttons, its source. */
/** `action`: what the dashboard itself offers for this step (e.g. a link to the trace lab), below its text. */
export function RemediationStep({ step: r, heading = 'Remediation', action }: { step: Remediation; heading?: string; action?: ReactNode }) {
  const template = r.template === true;
  return (
    <div className="remedy" data-step={r.key}>
      <h4>
        {heading}: {r.title} <EffectBadge effect={r.effect} />
        {template && (
          <span className="badge template" title="A command holds a part memfleet does not know, in capitals: replace it before running">
            template
          </span>
        )}
      </h4>
      <p className="prewrap">
        <RichText text={r.text} />
      </p>
      {action}
      {r.commands?.map((c) => {
        const words = template ? placeholders(c, r.text) : [];
        const label = !template
          ? 'Copy command'
          : words.length
            ? `Copy template — replace ${words.join(', ')}`
            : 'Copy template — fill in the parts in capitals';
        return (
          <div className="cmd-row" key={c}>
            <Command command={c} template={template} text={r.text} />
            <CopyButton text={c} label={label} />
          </div>
        );
      })}
      {r.source && (
        <p className="small">
          Source:{' '}
          {/^https?:\/\//.test(r.source) ? (
            <a href={r.source} target="_blank" rel="noreferrer">
              {r.source}
            </a>
          ) : (
            r.source
          )}
        </p>
      )}
    </div>
  );
}
