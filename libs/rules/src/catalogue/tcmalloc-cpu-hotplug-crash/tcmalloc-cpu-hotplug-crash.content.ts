import { remediations } from '../../engine/render';

export const TCMALLOC_STEPS = remediations({
  'process.restart-after-hot-add': {
    title: 'Restart the process after any CPU hot-add',
    text: 'A restart sizes the per-CPU caches for the {onlineCount} CPUs online now ({online}); make it part of the hot-add procedure{restartNow}.',
    commands: ['systemctl restart {unit}'],
    source: 'https://github.com/google/tcmalloc/issues/267',
  },
  'envoy.upgrade-tcmalloc': {
    title: 'Upgrade Envoy to a release whose tcmalloc includes cbbe578d',
    text: 'envoy#38235 moved Envoy to tcmalloc 5da4a882, which contains cbbe578d (core counts from possible CPUs); the first release with it is likely 1.34 (unconfirmed upstream). This process runs {version}.',
    source: 'https://github.com/envoyproxy/envoy/pull/38235',
  },
  'envoy.build-gperftools': {
    title: 'Or build Envoy with gperftools tcmalloc',
    text: '`bazel build --define tcmalloc=gperftools //source/exe:envoy-static`: the gperftools build does not crash on hot-add (tcmalloc#267).',
    commands: ['bazel build --define tcmalloc=gperftools //source/exe:envoy-static'],
    source: 'https://github.com/google/tcmalloc/issues/267',
  },
  'process.pin-online-cpus': {
    title: 'Pin the process to the CPUs online at start',
    text: '`taskset -c {online} {exe} …` (systemd: `CPUAffinity={online}` in a drop-in) keeps it off CPUs added later.',
    commands: ['taskset -c {online} {exe}', 'systemctl edit {unit}  # [Service] CPUAffinity={online}'],
    source: 'https://github.com/google/tcmalloc/issues/188',
  },
  'kernel.possible-cpus': {
    title: 'Avoid hot-add, or make possible equal present',
    text: 'Boot with `possible_cpus={onlineCount}` (possible is {possible} now, online {online}), or resize by restarting the VM instead of hot-adding vCPUs.',
    source: 'https://www.kernel.org/doc/html/latest/core-api/cpu_hotplug.html',
  },
});
