import { escapeHtml } from './html.js';
import { DELETED, type Lifecycle, type LifecycleTransition, START } from './job-lifecycle.js';

const NODE_WIDTH = 136;
const NODE_HEIGHT = 40;
const COLUMN_STEP = 240;
const ROW_STEP = 76;
const MARGIN = 24;
const BACK_EDGE_DROP = 64;
/** Extra depth of each further arc underneath, so arcs (resume to PENDING and to PROCESSING) and their labels never overlap. */
const BACK_EDGE_STEP = 22;
/** Room above the first row for edges that skip a column (create straight to PROCESSING) and their labels. */
const TOP_LANE = 40;

interface Placed {
  x: number;
  y: number;
}

/**
 * Draws the lifecycle as an inline SVG: states in columns by their longest distance from the
 * start (so the happy path reads left to right), transitions back to an earlier state (resume)
 * as arcs underneath. Server-made moves are solid, operation calls dashed and labelled.
 */
export function renderLifecycleSvg(lifecycle: Lifecycle): string {
  const nodes = [START, ...lifecycle.states.map((state) => state.name), DELETED];
  const backEdges = findBackEdges(nodes, lifecycle.transitions);
  const column = longestDistances(nodes, lifecycle.transitions, backEdges);
  const rowsUsed = new Map<number, number>();
  const rowOf = new Map<string, number>();
  for (const node of nodes) {
    const col = column.get(node) ?? 0;
    const row = rowsUsed.get(col) ?? 0;
    rowsUsed.set(col, row + 1);
    rowOf.set(node, row);
  }
  // A forward edge that jumps over a column on its own row would cross the box between: it goes over the top.
  const overTop = new Set(
    lifecycle.transitions.filter(
      (t) =>
        !backEdges.has(t) &&
        (column.get(t.to) ?? 0) - (column.get(t.from) ?? 0) > 1 &&
        rowOf.get(t.to) === rowOf.get(t.from),
    ),
  );
  const top = MARGIN + (overTop.size > 0 ? TOP_LANE : 0);
  const placed = new Map<string, Placed>();
  for (const node of nodes)
    placed.set(node, { x: MARGIN + (column.get(node) ?? 0) * COLUMN_STEP, y: top + (rowOf.get(node) ?? 0) * ROW_STEP });
  const maxRows = Math.max(...rowsUsed.values());
  const width = MARGIN * 2 + Math.max(...column.values()) * COLUMN_STEP + NODE_WIDTH;
  const height =
    top +
    MARGIN +
    (maxRows - 1) * ROW_STEP +
    NODE_HEIGHT +
    BACK_EDGE_DROP +
    Math.max(0, backEdges.size - 1) * BACK_EDGE_STEP +
    24;
  // Each arc underneath gets its own depth, in declaration order.
  const depth = new Map([...backEdges].map((edge, index) => [edge, index]));

  // One label per operation and target (cancel from PENDING and from PROCESSING share one).
  const labelled = new Set<string>();
  const edges = lifecycle.transitions.map((transition) => {
    const key = `${transition.operationId}->${transition.to}`;
    const showLabel = transition.operationId !== undefined && !labelled.has(key);
    labelled.add(key);
    const route = overTop.has(transition) ? 'over' : depth.has(transition) ? 'under' : 'direct';
    return renderEdge(transition, placed, route, depth.get(transition) ?? 0, top, maxRows, showLabel);
  });
  const terminal = new Set(lifecycle.states.filter((state) => state.terminal).map((state) => state.name));
  const boxes = nodes.map((node) => renderNode(node, placed.get(node) as Placed, terminal.has(node)));
  return `<svg class="lifecycle" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="lifecycle-title">
<title id="lifecycle-title">Job lifecycle: ${escapeHtml(lifecycle.states.map((state) => state.name).join(', '))}</title>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker></defs>
${edges.join('\n')}
${boxes.join('\n')}
</svg>`;
}

function renderNode(node: string, at: Placed, terminal: boolean): string {
  if (node === START) {
    const cy = at.y + NODE_HEIGHT / 2;
    return `<circle class="pseudo" cx="${at.x + 12}" cy="${cy}" r="9"/>`;
  }
  const kind = node === DELETED ? 'pseudo' : terminal ? 'terminal' : 'active';
  const label = node === DELETED ? 'deleted' : node;
  return `<g class="state ${kind}" data-state="${escapeHtml(label)}"><rect x="${at.x}" y="${at.y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="${kind === 'terminal' ? 4 : 18}"/><text x="${at.x + NODE_WIDTH / 2}" y="${at.y + NODE_HEIGHT / 2 + 5}" text-anchor="middle">${escapeHtml(label)}</text></g>`;
}

function renderEdge(
  transition: LifecycleTransition,
  placed: Map<string, Placed>,
  /** `under`: an arc back to an earlier state; `over`: a jump over a column; `direct`: to the next column. */
  route: 'under' | 'over' | 'direct',
  /** For an arc underneath, its depth index. */
  backDepth: number,
  /** The y of the first row. */
  top: number,
  rows: number,
  showLabel: boolean,
): string {
  const from = placed.get(transition.from) as Placed;
  const to = placed.get(transition.to) as Placed;
  const kind = transition.operationId ? 'call' : 'server';
  let path: string;
  let label: Placed;
  if (route === 'under') {
    // Leave from the source's bottom-left corner heading left (away from boxes stacked below it)
    // and arrive under the target, dipping below every row so the arc never crosses a state box.
    const floor = top + (rows - 1) * ROW_STEP + NODE_HEIGHT + BACK_EDGE_DROP + backDepth * BACK_EDGE_STEP;
    const x1 = from.x + 10;
    const y1 = from.y + NODE_HEIGHT;
    const x2 = to.x + NODE_WIDTH / 2;
    const y2 = to.y + NODE_HEIGHT;
    path = `M${x1},${y1} C${x1 - 50},${y1 + 12} ${x1 - 60},${floor} ${(x1 + x2) / 2},${floor} S${x2},${floor - 20} ${x2},${y2}`;
    label = { x: (x1 + x2) / 2, y: floor + 14 };
  } else if (route === 'over') {
    // Leave the source's top, rise into the lane above the row and come down onto the target's top.
    const x1 = transition.from === START ? from.x + 12 : from.x + NODE_WIDTH / 2;
    const y1 = transition.from === START ? from.y + NODE_HEIGHT / 2 - 9 : from.y;
    const x2 = to.x + NODE_WIDTH / 2 - 20;
    const y2 = to.y;
    const lane = to.y - TOP_LANE + 3;
    path = `M${x1},${y1} C${x1},${lane} ${x2},${lane} ${x2},${y2}`;
    label = { x: (x1 + x2) / 2, y: (y1 + 3 * lane) / 4 - 4 };
  } else {
    const x1 = transition.from === START ? from.x + 21 : from.x + NODE_WIDTH;
    const y1 = from.y + NODE_HEIGHT / 2;
    const x2 = to.x;
    const y2 = to.y + NODE_HEIGHT / 2;
    const bend = (x2 - x1) / 2;
    path = `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
    label = { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 7 };
  }
  const text =
    showLabel && transition.operationId
      ? `<text class="edge-label" x="${label.x}" y="${label.y}" text-anchor="middle">${escapeHtml(transition.operationId)}</text>`
      : '';
  return `<g class="edge ${kind}"><path d="${path}" marker-end="url(#arrow)"/>${text}</g>`;
}

/** Edges that close a cycle in a depth-first walk from the start: drawn as arcs underneath. */
function findBackEdges(nodes: string[], transitions: readonly LifecycleTransition[]): Set<LifecycleTransition> {
  const back = new Set<LifecycleTransition>();
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string) => {
    state.set(node, 'open');
    for (const edge of transitions.filter((transition) => transition.from === node)) {
      const seen = state.get(edge.to);
      if (seen === 'open') back.add(edge);
      else if (seen === undefined) visit(edge.to);
    }
    state.set(node, 'done');
  };
  for (const node of nodes) if (!state.has(node)) visit(node);
  return back;
}

/** Column of each node: its longest distance from the start over forward edges. */
function longestDistances(
  nodes: string[],
  transitions: readonly LifecycleTransition[],
  backEdges: Set<LifecycleTransition>,
): Map<string, number> {
  const distance = new Map<string, number>(nodes.map((node) => [node, 0]));
  // Forward edges form a DAG, so |nodes| rounds of relaxation settle every distance.
  for (let round = 0; round < nodes.length; round++) {
    for (const edge of transitions) {
      if (backEdges.has(edge)) continue;
      const next = (distance.get(edge.from) ?? 0) + 1;
      if (next > (distance.get(edge.to) ?? 0)) distance.set(edge.to, next);
    }
  }
  return distance;
}
