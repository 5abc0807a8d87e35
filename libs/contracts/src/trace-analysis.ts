import { Type, type Static } from '@sinclair/typebox';

// The analysis of one allocation trace, the same offline (`memfleet-agent trace analyze --json`) and in
// the API (GET /api/v1/traces/{id}). libs/trace-lab computes it; this is its wire shape.

const bytes = (description: string) => Type.Number({ minimum: 0, description });
const count = (description: string) => Type.Integer({ minimum: 0, description });

export const TRACE_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type TraceStatus = (typeof TRACE_STATUSES)[number];

export const TraceModelResultSchema = Type.Object(
  {
    name: Type.String({ description: 'three-tier, buddy, buddy-no-header or size-classes' }),
    pools: Type.Union([Type.Literal('per-vm'), Type.Literal('shared')], { description: 'One allocator per VM, or one for all VMs' }),
    peakFootprintBytes: bytes('Most bytes taken from the OS and not yet returned, over the whole replay'),
    peakAtEvent: count('The event (1-based) at which the footprint first reached its peak'),
    liveBytesAtPeak: bytes('Bytes the program had asked for and not freed, at that moment'),
    internalFragmentationBytes: bytes('Bytes given to blocks beyond what was asked (rounding and headers), at peak footprint'),
    externalFragmentationBytes: bytes('Footprint − live − internal, at peak footprint'),
    internalFragmentationPercent: Type.Number({ minimum: 0, description: 'Internal fragmentation as % of the peak footprint' }),
    externalFragmentationPercent: Type.Number({ minimum: 0, description: 'External fragmentation as % of the peak footprint' }),
    footprintToLiveRatio: Type.Number({ minimum: 0, description: 'Peak footprint / live bytes at that moment (0 when nothing is live)' }),
    elapsedMs: Type.Optional(Type.Number({ minimum: 0, description: 'Wall time of this replay (not deterministic)' })),
  },
  { description: 'One allocator design replayed over the trace' },
);

export const TraceAnalysisSchema = Type.Object(
  {
    events: count('Events replayed'),
    vms: count('Distinct VMs'),
    peakLiveBytes: bytes('Most live (requested, not freed) bytes'),
    peakAtEvent: count('The event (1-based) at which live bytes first peaked; 0 for an empty trace'),
    liveBytesSeries: Type.Array(Type.Object({ event: count('Last event of the window'), liveBytes: bytes('Highest live bytes in the window') }), {
      description: 'Live bytes over the trace, downsampled to at most 500 points',
    }),
    sizeHistogram: Type.Array(
      Type.Object({
        label: Type.String(),
        minBytes: bytes('Smallest size in the bucket'),
        maxBytes: bytes('Largest size in the bucket'),
        count: count('Requests'),
        bytes: bytes('Bytes requested'),
      }),
      { description: 'Requests by size; each power of two from 8 B has a bucket of its own' },
    ),
    leaks: Type.Object(
      {
        bytes: bytes('Allocated and never freed'),
        blocks: count('Blocks never freed'),
        bySize: Type.Array(Type.Object({ size: bytes('Block size'), blocks: count('Blocks'), bytes: bytes('Bytes') }), {
          description: 'The sizes holding the most leaked bytes, most first',
        }),
      },
      { description: 'What the trace allocated and never freed' },
    ),
    errors: Type.Object(
      {
        doubleFree: count('Frees of an id already freed'),
        unknownFree: count('Frees of an id never allocated in that VM'),
        sizeMismatch: count('Frees or reallocs whose old size differs from the recorded one (the recorded size is used)'),
        unknownRealloc: count('Reallocs of an id not live, with an old size other than 0'),
        duplicateAlloc: count('Allocations of an id still live (skipped)'),
      },
      { description: 'Trace errors, counted and skipped' },
    ),
    models: Type.Array(TraceModelResultSchema, { description: 'One entry per allocator run' }),
    definitions: Type.Object({ footprint: Type.String(), internal: Type.String(), external: Type.String() }, { description: 'What the figures mean' }),
  },
  { description: 'The replay of one allocation trace' },
);
export type TraceAnalysisContract = Static<typeof TraceAnalysisSchema>;
