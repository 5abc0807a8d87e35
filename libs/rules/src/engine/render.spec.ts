import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { knownOr, placeholder, remediations } from './render';

const steps = remediations({
  'demo.set-flag': {
    title: 'Start with --concurrency {n}',
    text: '{plugins} × {nPlusOne} = {vms:count} VMs; the pool needs {pool:bytes}; version {version}.',
    commands: ['envoy --concurrency {n}'],
    effect: 'fixes',
    source: 'https://example.org/fix',
  },
  'demo.plain': { title: 'No holes', text: 'Literal {text} only when named.', effect: 'mitigates', source: 'https://example.org/plain' },
  'demo.restart': {
    title: 'Restart Envoy',
    text: 'Restart the unit that starts Envoy.',
    commands: ['systemctl restart {unit}'],
    effect: 'mitigates',
    source: 'https://example.org/restart',
  },
});

const UNIT = placeholder('UNIT', 'the systemd unit that starts Envoy');

describe('remediation templates', () => {
  it('fills holes with the host values, formatting counts and bytes, and copies the effect', () => {
    assert.deepEqual(steps.render('demo.set-flag', { n: 16, plugins: 9, nPlusOne: 17, vms: 1530, pool: 2_101_248_000, version: null }), {
      key: 'demo.set-flag',
      title: 'Start with --concurrency 16',
      text: '9 × 17 = 1,530 VMs; the pool needs 1.96 GiB; version unknown.',
      commands: ['envoy --concurrency 16'],
      effect: 'fixes',
      source: 'https://example.org/fix',
    });
    assert.equal(steps.render('demo.plain', { text: 'x' }).effect, 'mitigates');
  });

  it('writes an unknown part in capitals, says what to put there, and marks the step a template', () => {
    assert.deepEqual(steps.render('demo.restart', { unit: knownOr(null, UNIT) }), {
      key: 'demo.restart',
      title: 'Restart Envoy',
      text: 'Restart the unit that starts Envoy. Replace UNIT with the systemd unit that starts Envoy.',
      commands: ['systemctl restart UNIT'],
      effect: 'mitigates',
      source: 'https://example.org/restart',
      template: true,
    });
    const filled = steps.render('demo.restart', { unit: knownOr('envoy.service', UNIT) });
    assert.deepEqual([filled.commands, 'template' in filled, filled.text], [['systemctl restart envoy.service'], false, 'Restart the unit that starts Envoy.']);
    assert.throws(() => placeholder('<unit>', 'a unit'), /capitals/);
  });

  it('lists keys in declaration order and the holes each step has', () => {
    assert.deepEqual(steps.keys, ['demo.set-flag', 'demo.plain', 'demo.restart']);
    assert.deepEqual(steps.holes('demo.set-flag').sort(), ['n', 'nPlusOne', 'plugins', 'pool', 'version', 'vms']);
  });

  it('fails loudly when a value is missing, and leaves out commands a step does not have', () => {
    assert.throws(() => steps.render('demo.set-flag', { n: 1 }), /demo\.set-flag: no value for \{plugins\}/);
    const plain = steps.render('demo.plain', { text: 'words' });
    assert.equal(plain.text, 'Literal words only when named.');
    assert.equal('commands' in plain, false);
  });
});
