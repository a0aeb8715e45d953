// Which rows of a fixed-height list are in view. O(1) per render whatever the row count: while a
// million rows stream in, the count changes every frame, and a virtualizer that re-measures every
// row on a count change (as @tanstack/react-virtual 3 does, in one pass over all rows) was what made
// the page's long tasks in bench/README.md; with rows of one height nothing needs measuring.
import { type RefObject, useEffect, useState } from 'react';

/** The rows to render: `[start, end)`, and the list's full height in px. */
export interface RowWindow {
  start: number;
  end: number;
  totalHeight: number;
}

/** Follows `scroller`'s scroll position and height; `overscan` rows are rendered beyond each edge. */
export function useRowWindow(
  scroller: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan = 12,
): RowWindow {
  const [view, setView] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const update = () => setView({ top: element.scrollTop, height: element.clientHeight });
    update();
    element.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [scroller]);
  const first = Math.floor(view.top / rowHeight);
  const visible = Math.ceil(view.height / rowHeight) + 1;
  return {
    start: Math.max(0, Math.min(count, first - overscan)),
    end: Math.min(count, first + visible + overscan),
    totalHeight: count * rowHeight,
  };
}
