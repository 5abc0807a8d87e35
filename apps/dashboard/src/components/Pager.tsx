import { useState } from 'react';

/** Cursors of the pages before the current one, reset whenever `search` (the filters) changes. */
export function useCursors(search: string) {
  const [stack, setStack] = useState<{ search: string; cursors: (string | null)[] }>({ search, cursors: [null] });
  const cursors = stack.search === search ? stack.cursors : [null];
  return {
    cursor: cursors[cursors.length - 1],
    pageNo: cursors.length,
    previous: cursors.length > 1 ? () => setStack({ search, cursors: cursors.slice(0, -1) }) : null,
    next: (nextCursor: string | null) => (nextCursor ? () => setStack({ search, cursors: [...cursors, nextCursor] }) : null),
    reset: () => setStack({ search, cursors: [null] }),
  };
}

export function Pager({ pageNo, pages, onPrevious, onNext }: { pageNo: number; pages?: number; onPrevious: (() => void) | null; onNext: (() => void) | null }) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={!onPrevious} onClick={() => onPrevious?.()}>
        ← Previous
      </button>
      <span className="muted">
        Page {pageNo}
        {pages ? ` of ${pages}` : ''}
      </span>
      <button type="button" disabled={!onNext} onClick={() => onNext?.()}>
        Next →
      </button>
    </nav>
  );
}
