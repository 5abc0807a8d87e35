import { InitialSchema1763870400000 } from '../../../migrations/1763870400000-InitialSchema';
import { SilencesAndReevaluations1763874000000 } from '../../../migrations/1763874000000-SilencesAndReevaluations';

/** Every migration, in order. A new migration file is added here too. */
export const MIGRATIONS = [InitialSchema1763870400000, SilencesAndReevaluations1763874000000];
