import { escapeHtml } from '../html.js';
import type { Lifecycle } from '../job-lifecycle.js';
import { renderLifecycleSvg } from '../lifecycle-svg.js';
import type { ApiModel, WorkflowModel } from './model.js';

/** The page's file name, relative to the site root. */
export const WALKTHROUGHS_HREF = 'walkthroughs.html';

/**
 * The body of walkthroughs.html: every Arazzo workflow with its steps (readable without script),
 * the job lifecycle diagram the runs highlight, and the places the script fills: the target and
 * scenario pickers, and per workflow its inputs, run button and step log.
 */
export function renderWalkthroughsBody(
  workflows: readonly WorkflowModel[],
  apis: readonly ApiModel[],
  lifecycle: Lifecycle,
): string {
  const sections = apis
    .filter((api) => workflows.some((workflow) => workflow.apiId === api.id))
    .map((api) => {
      const own = workflows.filter((workflow) => workflow.apiId === api.id);
      // The diagram is the audit query's JobState; the other APIs' states show as text in the step log.
      const diagram = own.some((workflow) =>
        workflow.steps.some(
          (step) => step.operationId && lifecycle.transitions.some((t) => t.operationId === step.operationId),
        ),
      )
        ? `<figure class="diagram walkthrough-diagram">${renderLifecycleSvg(lifecycle)}<figcaption class="walkthrough-current-state" aria-live="polite">Current state: none yet</figcaption></figure>`
        : '';
      return `<h2 id="api-${escapeHtml(api.id)}">${escapeHtml(api.title)}</h2>
${diagram}
${own.map((workflow) => renderWorkflow(workflow, api)).join('\n')}`;
    })
    .join('\n');
  return `<h1>Walkthroughs</h1>
<p class="lead">The export workflows of <code>spec/arazzo</code>, run step by step in this page: each request and its answer,
checked against the spec, and the job's state as it moves. By default they run against the mock inside this page
(no server needed); pick the local mock of <code>npm start</code> or your own server instead, and a mock scenario
(slow job, a job that fails and is resumed, rate limits, a flaky download) to see what your code must handle.</p>
<div id="walkthroughs" data-ready="false">
<div id="walkthrough-controls" class="walkthrough-controls"><p class="muted">The walkthroughs need JavaScript.</p></div>
${sections}
</div>`;
}

function renderWorkflow(workflow: WorkflowModel, api: ApiModel): string {
  const steps = workflow.steps
    .map((step) => {
      const operation = api.operations.find((candidate) => candidate.operationId === step.operationId);
      const call = operation
        ? `<code>${escapeHtml(operation.method.toUpperCase())} ${escapeHtml(operation.path)}</code> (<code>${escapeHtml(operation.operationId)}</code>)`
        : '<code>GET</code> the link from the previous answer';
      return `<li><strong>${escapeHtml(step.stepId)}</strong>: ${escapeHtml(step.description)} ${call}</li>`;
    })
    .join('\n');
  return `<section class="walkthrough" id="${escapeHtml(workflow.workflowId)}" data-workflow="${escapeHtml(workflow.workflowId)}" data-api="${escapeHtml(api.id)}">
<h3><code>${escapeHtml(workflow.workflowId)}</code>: ${escapeHtml(workflow.summary)}</h3>
<ol class="walkthrough-steps">
${steps}
</ol>
<div class="walkthrough-run"></div>
</section>`;
}
