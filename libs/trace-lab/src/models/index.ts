import { BuddyModel } from './buddy.model';
import { ModelRun } from './model-run';
import { SizeClassModel } from './size-classes.model';
import { ThreeTierModel } from './three-tier.model';

export { BuddyModel } from './buddy.model';
export { ModelRun } from './model-run';
export { SIZE_CLASSES, SizeClassModel } from './size-classes.model';
export { ThreeTierModel } from './three-tier.model';

/** The six runs, in the order the analysis lists them; `key` is `<name>/<pools>`. */
export const MODEL_KEYS = ['three-tier/per-vm', 'three-tier/shared', 'buddy/per-vm', 'buddy/shared', 'buddy-no-header/per-vm', 'size-classes/per-vm'] as const;
export type ModelKey = (typeof MODEL_KEYS)[number];

export function createModel(key: ModelKey): ModelRun {
  switch (key) {
    case 'three-tier/per-vm':
      return new ThreeTierModel('per-vm');
    case 'three-tier/shared':
      return new ThreeTierModel('shared');
    case 'buddy/per-vm':
      return new BuddyModel('buddy', 'per-vm', true);
    case 'buddy/shared':
      return new BuddyModel('buddy', 'shared', true);
    case 'buddy-no-header/per-vm':
      return new BuddyModel('buddy-no-header', 'per-vm', false);
    case 'size-classes/per-vm':
      return new SizeClassModel('per-vm');
  }
}
