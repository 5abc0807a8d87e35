import type { Evidence, RemediationEffect } from '@memfleet/contracts';

/** Labels as one cell: `k=v;k=v`, by key, so two exports of the same host compare equal. */
export const labelsText = (labels: Record<string, string>): string =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(';');

/** A selector in words: `team=edge, env=prod`, or the whole fleet. */
export const scopeText = (scope: Record<string, string>): string => (Object.keys(scope).length ? labelsText(scope).replace(/;/g, ', ') : 'whole fleet');

// A count or a ratio is a bare number: "255 count" reads as a typo.
const UNITLESS = new Set(['text', 'flag', 'count', 'ratio']);

/** Evidence as `label: value unit; …` with exact numbers (spreadsheets compute with them); a missing value reads unknown. */
export const evidenceText = (evidence: Evidence[]): string =>
  evidence
    .map((e) => `${e.label}: ${e.value === null ? 'unknown' : String(e.value)}${e.value === null || UNITLESS.has(e.unit) ? '' : ` ${e.unit}`}`)
    .join('; ');

export const count = (n: number): string => n.toLocaleString('en-US');

/** A duration for people: 45 s, 12 min, 5.5 h, 3.2 d. */
export function durationText(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/** An ISO time as `2026-12-01 06:00 UTC` (exports are read by people in many zones). */
export const timeText = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};

export const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

/** What each remediation effect means, in the words every export uses. */
export const EFFECT_MEANING: Record<RemediationEffect, string> = {
  fixes: "Fixes: removes the host's cause on its own.",
  mitigates: 'Mitigates only: lowers the risk or buys time; the cause stays.',
  diagnoses: 'Diagnoses: finds the cause; changes nothing on the host.',
};
